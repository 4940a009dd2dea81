/**
 * Every malformed spec in core/testdata/specs gives a precise error: file, line and
 * column, YAML path and what was expected. The exact text is kept in a golden file
 * next to each spec (`bad-x.expected.txt`); `UPDATE_GOLDEN=1` rewrites them.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSpecFile } from './testing-spec-file';
import { formatProblem } from './problems';

const DIR = 'core/testdata/specs';
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const specs = readdirSync(DIR)
  .filter((f) => /^bad-.*\.yaml$/.test(f))
  .sort();

describe('malformed specs', () => {
  it('There are at least twelve of them.', () => {
    expect(specs.length).toBeGreaterThanOrEqual(12);
  });

  it.each(specs)('%s is rejected with a positioned error that matches its golden text.', (name) => {
    const result = loadSpecFile(`${DIR}/${name}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const e of result.errors) {
      expect(e.line, formatProblem(e)).toBeGreaterThan(0);
      expect(e.column, formatProblem(e)).toBeGreaterThan(0);
    }
    const text = [...result.errors.map((p) => `error: ${formatProblem(p)}`), ...result.warnings.map((p) => `warning: ${formatProblem(p)}`)].join('\n') + '\n';
    const golden = `${DIR}/${name.replace(/\.yaml$/, '.expected.txt')}`;
    if (UPDATE) writeFileSync(golden, text);
    else if (!existsSync(golden)) throw new Error(`missing golden ${golden}; run with UPDATE_GOLDEN=1`);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });

  it('Warnings are reported apart from errors.', () => {
    const result = loadSpecFile(`${DIR}/bad-two-expectations.yaml`);
    expect(result.ok).toBe(false);
    expect(result.warnings.map((w) => w.path)).toEqual(['dimensions[1]']);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['dimensions[0].expect']);
  });
});
