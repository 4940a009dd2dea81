import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '../spec/testing-spec-file';
import { buildCheckReport, type ReportInput } from './report';

const loaded = loadSpecFile('core/testdata/rules-tests/spec.yaml');
if (!loaded.ok) throw new Error('rules-test spec must load');
const model = loaded.model;

function input(canonical: Record<string, string[]>, over: Partial<ReportInput> = {}): ReportInput {
  return {
    model,
    at: { node: 'n1', region: 'us-east-1', instanceType: 'm6i.xlarge', pool: 'default' },
    workloads: ['spark-streaming'],
    canonical: new Map(Object.entries(canonical)),
    collectors: [{ collector: 'env', success: true }],
    nowSeconds: 0,
    hash: (d, v) => `h(${d}:${v.length})`,
    ...over,
  };
}

const TZ = 'spark-streaming/spark.sql.session.timeZone';

describe('buildCheckReport', () => {
  const table: { name: string; canonical: Record<string, string[]>; over: Partial<ReportInput>; outcome: string }[] = [
    { name: 'A node with only expected values is compliant.', canonical: { [TZ]: ['UTC'] }, over: {}, outcome: 'compliant' },
    { name: 'A node with one drifted value reports drift.', canonical: { [TZ]: ['PST'] }, over: {}, outcome: 'drift' },
    { name: 'A node with a missing value is partial, not compliant.', canonical: {}, over: {}, outcome: 'partial' },
    {
      name: 'A node whose collector failed is partial.',
      canonical: { [TZ]: ['UTC'] },
      over: { collectors: [{ collector: 'env', success: false }] },
      outcome: 'partial',
    },
    {
      name: 'Drift outranks a partial report.',
      canonical: { [TZ]: ['UTC', 'PST'] },
      over: { collectors: [{ collector: 'env', success: false }] },
      outcome: 'drift',
    },
  ];
  it.each(table)('$name', ({ canonical, over, outcome }) => {
    expect(buildCheckReport(input(canonical, over)).outcome).toBe(outcome);
  });

  it('Rules of workloads not found on the node are left out.', () => {
    const report = buildCheckReport(input({ [TZ]: ['UTC'] }));
    expect(report.rows.map((r) => r.workload)).toEqual(['spark-streaming']);
  });

  it('Secret values are shown only as their hash.', () => {
    const report = buildCheckReport(input({ 'kafka-consumer/KAFKA_SASL_PASSWORD': ['hunter2-hunter2'] }, { workloads: ['kafka-consumer'] }));
    const row = report.rows.find((r) => r.dimension === 'KAFKA_SASL_PASSWORD');
    expect(row).toMatchObject({ status: 'cohort', hash: 'h(KAFKA_SASL_PASSWORD:15)' });
    expect(JSON.stringify(report)).not.toContain('hunter2');
  });
});
