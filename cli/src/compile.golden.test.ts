/**
 * Golden-file tests: the real CLI (`node cli/bin/plumb.mjs compile`) over every
 * `core/testdata/in-*.yaml` and the example spec, compared byte for byte with
 * `core/testdata/out-<name>/`. `UPDATE_GOLDEN=1` rewrites the goldens.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GENERATED_HEADER } from '@plumb/core/compile/render';

const run = promisify(execFile);
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const TESTDATA = 'core/testdata';
const SALT_FILE = `${TESTDATA}/test-salt`;

const inputs = [
  ...readdirSync(TESTDATA)
    .filter((f) => /^in-.*\.yaml$/.test(f))
    .sort()
    .map((f) => ({ spec: `${TESTDATA}/${f}`, out: `${TESTDATA}/out-${f.slice(3, -5)}` })),
  { spec: 'examples/paywave/desired-state.yaml', out: `${TESTDATA}/out-paywave-example` },
];

describe('plumb compile golden files', () => {
  it('There are golden inputs.', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(3);
  });

  it.each(inputs)('$spec compiles to the files in $out, and promtool accepts them.', async ({ spec, out }) => {
    const dir = mkdtempSync(join(tmpdir(), 'plumb-golden-'));
    await run('node', ['cli/bin/plumb.mjs', 'compile', spec, '--out', dir, '--salt-file', SALT_FILE], { timeout: 60_000 });
    const produced = readdirSync(dir).sort();
    expect(produced).toEqual(['plumb-prometheusrule.yaml', 'plumb-rules-global.yaml', 'plumb-rules.yaml']);
    for (const name of produced) {
      const text = readFileSync(join(dir, name), 'utf8');
      expect(text.startsWith(GENERATED_HEADER)).toBe(true);
      expect(text).not.toContain(readFileSync(SALT_FILE, 'utf8'));
      const golden = join(out, name);
      if (UPDATE || !existsSync(golden)) {
        if (!UPDATE) throw new Error(`missing golden ${golden}; run with UPDATE_GOLDEN=1`);
        mkdirSync(out, { recursive: true });
        writeFileSync(golden, text);
      }
      expect(text, `${golden} differs; run with UPDATE_GOLDEN=1 if the change is intended`).toBe(readFileSync(golden, 'utf8'));
    }
    for (const file of ['plumb-rules.yaml', 'plumb-rules-global.yaml']) {
      const check = await run('promtool', ['check', 'rules', join(dir, file)], { timeout: 60_000 });
      expect(check.stdout).toMatch(/SUCCESS: \d+ rules found/);
    }
  });

  it('Compiling twice gives the same bytes.', async () => {
    const [a, b] = [mkdtempSync(join(tmpdir(), 'plumb-det-')), mkdtempSync(join(tmpdir(), 'plumb-det-'))];
    for (const dir of [a, b])
      await run('node', ['cli/bin/plumb.mjs', 'compile', 'examples/paywave/desired-state.yaml', '--out', dir, '--salt-file', SALT_FILE], { timeout: 60_000 });
    expect(readFileSync(join(a, 'plumb-rules.yaml'), 'utf8')).toBe(readFileSync(join(b, 'plumb-rules.yaml'), 'utf8'));
  });
});
