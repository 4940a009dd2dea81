import { describe, expect, it } from 'vitest';
import type { RuleStatus } from './evaluate';
import { summariseDrift, type DimensionFlag } from './drift-summary';
import type { CheckReport, ReportRow } from './report';

const row = (dimension: string, status: RuleStatus, workload = 'spark-streaming', severity: ReportRow['severity'] = 'sla-risk'): ReportRow => ({
  rule: `${workload}/${dimension}`,
  workload,
  dimension,
  severity,
  status,
  reason: '',
});
const report = (rows: ReportRow[]): CheckReport => ({
  rows,
  counts: { compliant: 0, allowed: 0, excepted: 0, drift: 0, missing: 0, unknown: 0, cohort: 0 },
  outcome: 'compliant',
});

describe('summariseDrift', () => {
  it.each<[string, ReportRow[], Map<string, DimensionFlag>, { counts: number[]; unknown: number[]; flags: [string, boolean][] }]>([
    ['A compliant node reports zero counts and no flags', [row('a', 'compliant'), row('b', 'allowed')], new Map(), { counts: [0], unknown: [0], flags: [] }],
    ['A drifted dimension is counted and flagged', [row('a', 'drift'), row('b', 'compliant')], new Map(), { counts: [1], unknown: [0], flags: [['a', true]] }],
    ['Two pods that disagree count one dimension once', [row('a', 'drift'), row('a', 'drift')], new Map(), { counts: [1], unknown: [0], flags: [['a', true]] }],
    ['A value not collected (a collector failed) is unknown, not drift', [row('a', 'unknown')], new Map(), { counts: [0], unknown: [1], flags: [] }],
    ['A required dimension the node does not report counts as drift', [row('a', 'missing')], new Map(), { counts: [1], unknown: [0], flags: [['a', true]] }],
    ['An excepted or cohort-decided dimension is not drift', [row('a', 'excepted'), row('b', 'cohort')], new Map(), { counts: [0], unknown: [0], flags: [] }],
    [
      'A flag stays at 0 once its drift clears',
      [row('a', 'compliant')],
      new Map([['spark-streaming\0a', { workload: 'spark-streaming', dimension: 'a', severity: 'sla-risk', drifted: true }]]),
      { counts: [0], unknown: [0], flags: [['a', false]] },
    ],
  ])('%s.', (_name, rows, before, expected) => {
    const { summary } = summariseDrift(report(rows), before);
    expect(summary.counts.map((c) => c.drifted)).toEqual(expected.counts);
    expect(summary.unknown.map((u) => u.dimensions)).toEqual(expected.unknown);
    expect(summary.flags.map((f) => [f.dimension, f.drifted])).toEqual(expected.flags);
  });

  it('Counts are kept per workload and severity.', () => {
    const { summary } = summariseDrift(
      report([row('a', 'drift', 'host', 'info'), row('b', 'drift', 'host', 'correctness-risk'), row('c', 'compliant', 'dbt-runner', 'info')]),
      new Map(),
    );
    expect(summary.counts).toEqual([
      { workload: 'dbt-runner', severity: 'info', drifted: 0 },
      { workload: 'host', severity: 'correctness-risk', drifted: 1 },
      { workload: 'host', severity: 'info', drifted: 1 },
    ]);
  });
});
