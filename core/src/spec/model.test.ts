import { describe, expect, it } from 'vitest';
import { loadSpecText } from './load';

const spec = (keys: string[]) => `apiVersion: plumb/v1
kind: DesiredState
metadata: { name: t }
workloads:
  - { name: host, match: { always: true } }
dimensions:
${keys.map((k) => `  - { key: ${k}, workloads: [host], source: { kind: env, name: ${k} }, severity: info, expect: { consistency: {} } }`).join('\n')}
`;

describe('buildModel rule order', () => {
  it('Rules are ordered by code unit, the same on every host whatever its locale or ICU data (the exporter never loads ICU collation).', () => {
    const r = loadSpecText(spec(['b_key', 'B_KEY', 'a-key', 'a_key', 'A_KEY']), 't.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const ids = r.model.rules.map((rule) => rule.id);
    expect(ids).toEqual(['host/A_KEY', 'host/B_KEY', 'host/a-key', 'host/a_key', 'host/b_key']);
  });
});
