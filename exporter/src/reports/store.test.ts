import { describe, expect, it } from 'vitest';
import { loadSpecText } from '@plumb/core/spec/load';
import { ReportStore } from './store';
import { checkReport } from './schema';

const spec = `apiVersion: plumb/v1
kind: DesiredState
metadata: { name: t }
workloads: [{ name: spark-batch, match: { always: true } }]
dimensions:
  - { key: parts, workloads: [spark-batch], source: { kind: report, key: spark.sql.shuffle.partitions }, type: number, severity: info }
`;
const loaded = loadSpecText(spec, 'inline.yaml');
if (!loaded.ok) throw new Error('inline spec does not load');
const model = loaded.model;
const report = (id: string, ttlSeconds?: number) => ({
  workload: 'spark-batch',
  id,
  source: 'spark' as const,
  config: { 'spark.sql.shuffle.partitions': 400, 'spark.hadoop.secret': 'x' },
  ...(ttlSeconds ? { ttlSeconds } : {}),
});

describe('ReportStore', () => {
  it('Only the keys the spec asks of reports are kept.', () => {
    const store = new ReportStore(model, 60_000);
    expect(store.accept(report('a'), 0)).toEqual({ ok: true, kept: 1 });
    expect([...(store.live(1)[0]?.values.keys() ?? [])]).toEqual(['spark.sql.shuffle.partitions']);
  });
  it('A report expires after the default TTL, or after its own ttlSeconds.', () => {
    const store = new ReportStore(model, 60_000);
    store.accept(report('a'), 0);
    store.accept(report('b', 10), 0);
    expect(
      store
        .live(9_999)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(store.live(10_000).map((r) => r.id)).toEqual(['a']);
    expect(store.live(60_000)).toEqual([]);
  });
  it('A reporter that reports again replaces its report instead of adding one.', () => {
    const store = new ReportStore(model, 60_000, 1);
    expect(store.accept(report('a'), 0).ok).toBe(true);
    expect(store.accept(report('a'), 1).ok).toBe(true);
    expect(store.accept(report('b'), 2)).toEqual({ ok: false, reason: 'full' });
  });
  it('A workload the spec does not know is refused.', () => {
    expect(new ReportStore(model, 1000).accept({ ...report('a'), workload: 'nope' }, 0)).toEqual({ ok: false, reason: 'unknown-workload' });
  });
});

describe('checkReport', () => {
  it.each([
    { name: 'A minimal report passes.', body: { workload: 'spark-batch', id: 'x', config: {} }, ok: true },
    { name: 'A missing config is named.', body: { workload: 'spark-batch', id: 'x' }, ok: false, problem: 'config: expected record' },
    { name: 'An unknown field is refused.', body: { workload: 'spark-batch', id: 'x', config: {}, extra: 1 }, ok: false, problem: '(body): unknown field(s)' },
    {
      name: 'A nested config value is refused without quoting it.',
      body: { workload: 'spark-batch', id: 'x', config: { a: { b: 'secret' } } },
      ok: false,
      problem: 'config[<key>]',
    },
  ])('$name', ({ body, ok, problem }) => {
    const r = checkReport(body);
    expect(r.ok).toBe(ok);
    if (!r.ok && problem) expect(r.problems.join('\n')).toContain(problem);
    if (!r.ok) expect(r.problems.join('\n')).not.toContain('secret');
  });
});
