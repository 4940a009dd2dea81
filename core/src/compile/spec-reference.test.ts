/** docs/spec.md is generated from the schema; `UPDATE_GOLDEN=1` rewrites it. */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSpecReference, SPEC_REFERENCE_HEADER } from './spec-reference';

const DOC = 'docs/spec.md';

describe('spec reference', () => {
  const text = renderSpecReference();

  it('Documents every top-level key and every source kind.', () => {
    for (const key of ['apiVersion', 'settings', 'workloads', 'dimensions', 'exceptions', 'playbooks', 'symptoms']) expect(text).toContain(`| \`${key}\` |`);
    for (const kind of ['file', 'env', 'command', 'pod', 'report', 'runtime']) expect(text).toContain(`(kind: ${kind})`);
  });

  it('Leaves no field without a description.', () => {
    const rows = text.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.filter((r) => r.endsWith('|  |'))).toEqual([]);
  });

  it('docs/spec.md matches the generated reference.', () => {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(DOC, text);
    const doc = readFileSync(DOC, 'utf8');
    expect(doc.startsWith(SPEC_REFERENCE_HEADER)).toBe(true);
    expect(doc, 'docs/spec.md is stale; run with UPDATE_GOLDEN=1').toBe(text);
  });
});
