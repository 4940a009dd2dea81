import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { checkSymptomReport, type SymptomReport } from './schema';
import { registerSymptomMetrics } from './metrics';
import { SymptomStore } from './store';

const dq = (runId: string, results: { model: string; test: string; status: 'fail' | 'error' | 'warn' }[]): SymptomReport => ({
  kind: 'dq',
  workload: 'dbt-runner',
  runId,
  results: results.map((r) => ({ ...r, failures: 1 })),
});
const dup = (runId: string, rowsLoaded: number, distinctKeys: number): SymptomReport => ({
  kind: 'duplicates',
  runId,
  dataset: 'RAW.PAYMENTS',
  loader: 'payments-loader',
  rowsLoaded,
  duplicateRows: rowsLoaded - distinctKeys,
});
const store = () => new SymptomStore(new Set(['dbt-runner']), 4, 2);

async function scrape(s: SymptomStore): Promise<string> {
  const registry = new Registry();
  registerSymptomMetrics(registry, s, () => 'node-a');
  return registry.metrics();
}

describe('SymptomStore', () => {
  it('A failed and an errored test count as failures, a warning counts apart.', async () => {
    const s = store();
    s.accept(
      dq('r1', [
        { model: 'orders', test: 'unique_orders_id', status: 'fail' },
        { model: 'orders', test: 'not_null_orders_id', status: 'error' },
        { model: 'orders', test: 'accepted_values_orders_status', status: 'warn' },
      ]),
    );
    const text = await scrape(s);
    expect(text).toContain('plumb_dq_test_failures_total{model="orders",test="unique_orders_id",workload="dbt-runner",node="node-a"} 1');
    expect(text).toContain('plumb_dq_test_failures_total{model="orders",test="not_null_orders_id",workload="dbt-runner",node="node-a"} 1');
    expect(text).toContain('plumb_dq_test_warnings_total{model="orders",test="accepted_values_orders_status",workload="dbt-runner",node="node-a"} 1');
    expect(text).not.toContain('plumb_dq_test_failures_total{model="orders",test="accepted_values');
  });
  it('A retried post of the same run counts once; a new run counts again.', async () => {
    const s = store();
    const r = dq('r1', [{ model: 'orders', test: 'unique_orders_id', status: 'fail' }]);
    expect(s.accept(r)).toEqual({ ok: true, counted: true });
    expect(s.accept(r)).toEqual({ ok: true, counted: false });
    expect(s.accept({ ...r, runId: 'r2' })).toEqual({ ok: true, counted: true });
    expect(await scrape(s)).toContain('test="unique_orders_id",workload="dbt-runner",node="node-a"} 2');
  });
  it('Duplicate rows add rows loaded minus distinct keys, and a clean batch shows the loader at 0.', async () => {
    const s = store();
    s.accept(dup('b1', 10, 10));
    expect(await scrape(s)).toContain('plumb_duplicate_rows_total{dataset="RAW.PAYMENTS",loader="payments-loader",node="node-a"} 0');
    s.accept(dup('b2', 10, 7));
    expect(await scrape(s)).toContain('plumb_duplicate_rows_total{dataset="RAW.PAYMENTS",loader="payments-loader",node="node-a"} 3');
  });
  it('A workload the spec does not know is refused, and the series count is bounded.', () => {
    const s = store();
    expect(s.accept({ ...dq('r1', []), workload: 'nope' } as SymptomReport)).toEqual({ ok: false, reason: 'unknown-workload' });
    const five = [1, 2, 3, 4, 5].map((i) => ({ model: 'm', test: `t${i}`, status: 'fail' as const }));
    expect(s.accept(dq('r1', five))).toEqual({ ok: false, reason: 'full' });
  });
  it('Remembered run ids are bounded: the oldest is forgotten first.', () => {
    const s = store();
    for (const id of ['a', 'b', 'c']) s.accept(dup(id, 1, 1));
    expect(s.accept(dup('a', 1, 1))).toEqual({ ok: true, counted: true });
    expect(s.accept(dup('c', 1, 1))).toEqual({ ok: true, counted: false });
  });
});

describe('checkSymptomReport', () => {
  it.each([
    {
      name: 'A dq report with one failing test passes.',
      body: { kind: 'dq', workload: 'dbt-runner', runId: 'x', results: [{ model: 'm', test: 't', status: 'fail', failures: 2 }] },
      problem: undefined,
    },
    { name: 'A missing kind is named.', body: { workload: 'dbt-runner' }, problem: 'kind: expected one of dq, duplicates, streaming' },
    {
      name: 'A passing test is not a symptom.',
      body: { kind: 'dq', workload: 'dbt-runner', runId: 'x', results: [{ model: 'm', test: 't', status: 'pass' }] },
      problem: 'results.0.status: expected one of fail, error, warn',
    },
    {
      name: 'More duplicate rows than rows loaded is refused.',
      body: { kind: 'duplicates', runId: 'b', dataset: 'd', loader: 'l', rowsLoaded: 1, duplicateRows: 2 },
      problem: 'duplicateRows: cannot exceed rowsLoaded',
    },
    {
      name: 'A negative duplicate count is refused.',
      body: { kind: 'duplicates', runId: 'b', dataset: 'd', loader: 'l', duplicateRows: -1 },
      problem: 'duplicateRows: too short or too small',
    },
    {
      name: 'A label with a control character is refused without quoting it.',
      body: { kind: 'duplicates', runId: 'b', dataset: 'SECRET\n', loader: 'l', duplicateRows: 0 },
      problem: 'dataset: ',
    },
    {
      name: 'An unknown field is refused.',
      body: { kind: 'duplicates', runId: 'b', dataset: 'd', loader: 'l', duplicateRows: 0, extra: 1 },
      problem: '(body): unknown field(s)',
    },
  ])('$name', ({ body, problem }) => {
    const r = checkSymptomReport(body);
    expect(r.ok).toBe(problem === undefined);
    if (!r.ok) {
      expect(r.problems.join('\n')).toContain(problem);
      expect(r.problems.join('\n')).not.toContain('SECRET');
    }
  });
});
