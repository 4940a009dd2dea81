/** docs/metric-contract.md is generated from the contract; `UPDATE_GOLDEN=1` rewrites it. */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTION_STATES, ROLLBACK_STATES } from './actions';
import { ALERT, EXPORTER_METRICS, METRIC, RECORD } from './metrics';
import { METRIC_CONTRACT_HEADER, renderMetricContract } from './render';
import { SEVERITY_RANK } from './severity';

const DOC = 'docs/metric-contract.md';

describe('metric contract', () => {
  it.each([
    { name: 'Exporter metric names follow Prometheus naming.', names: Object.values(METRIC), pattern: /^plumb_[a-z_]+$/ },
    { name: 'Record names are level:metric:operation.', names: Object.values(RECORD).filter((n) => !n.endsWith(':')), pattern: /^plumb:[a-z_]+:[a-z_]+$/ },
    { name: 'Alert names are Plumb-prefixed CamelCase.', names: Object.values(ALERT), pattern: /^Plumb[A-Z][A-Za-z]+$/ },
  ])('$name', ({ names, pattern }) => {
    expect(names.filter((n) => !pattern.test(n))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('Severity ranks grow with severity.', () => {
    expect(SEVERITY_RANK).toEqual({ info: 1, 'sla-risk': 2, 'correctness-risk': 3 });
  });

  it('Only states after an action was applied may be rolled back.', () => {
    expect(ROLLBACK_STATES.every((s) => ACTION_STATES.includes(s))).toBe(true);
    for (const never of ['pending', 'awaiting-approval', 'dry-run', 'refused', 'rolled-back'] as const) expect(ROLLBACK_STATES).not.toContain(never);
  });

  it('Every exporter metric documents its meaning.', () => {
    expect(Object.values(EXPORTER_METRICS).filter((m) => m.meaning.length < 10)).toEqual([]);
  });

  it('docs/metric-contract.md matches the generated contract.', () => {
    const text = renderMetricContract();
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(DOC, text);
    const doc = readFileSync(DOC, 'utf8');
    expect(doc.startsWith(METRIC_CONTRACT_HEADER)).toBe(true);
    expect(doc, 'docs/metric-contract.md is stale; run with UPDATE_GOLDEN=1').toBe(text);
  });
});
