import { describe, expect, it } from 'vitest';
import { queryFingerprint } from './fingerprint';
import type { QueryHistoryRow } from './history-row';
import { QueryLedger } from './ledger';
import { formatQueryTag, parseQueryTag } from './tag';

const TAG = formatQueryTag({ node: 'node-a', workload: 'dbt-runner', run: 'run-1' });
let seq = 0;
function row(over: Partial<QueryHistoryRow> = {}): QueryHistoryRow {
  seq++;
  return {
    queryId: `q-${seq}`,
    queryText: `INSERT INTO RAW.PAYMENTS SELECT * FROM STAGE WHERE BATCH_ID = ${seq}`,
    queryTag: TAG,
    executionStatus: 'SUCCESS',
    errorCode: null,
    errorMessage: null,
    startTime: 1_764_000_000 + seq,
    endTime: 1_764_000_001 + seq,
    totalElapsedMs: 1000 + (seq % 5) * 20,
    rowsProduced: 10_000 + (seq % 7) * 50,
    warehouse: 'LOAD_WH',
    ...over,
  };
}
const baseline = (n = 12) => Array.from({ length: n }, () => row());

describe('query ledger', () => {
  it.each([
    {
      name: 'A failed tagged query counts one failure for its node, workload and warehouse.',
      rows: [row({ executionStatus: 'FAIL', errorCode: '100038' })],
      failures: 1,
      anomalies: [],
    },
    {
      name: "Information Schema's failed_with_error counts as a failure too.",
      rows: [row({ executionStatus: 'failed_with_error' })],
      failures: 1,
      anomalies: [],
    },
    {
      name: 'A status Plumb does not know, on an ended query, is a failure, never a success.',
      rows: [row({ executionStatus: 'CANCELLED_SOMEHOW' })],
      failures: 1,
      anomalies: [],
    },
    { name: 'A running query counts nothing yet.', rows: [row({ executionStatus: 'RUNNING', endTime: null })], failures: 0, anomalies: [] },
    {
      name: 'An untagged query is somebody else’s and counts nothing.',
      rows: [row({ executionStatus: 'FAIL', queryTag: 'nightly' })],
      failures: 0,
      anomalies: [],
    },
    { name: 'A run with ten times the usual rows is a row anomaly.', rows: [...baseline(), row({ rowsProduced: 100_000 })], failures: 0, anomalies: ['rows'] },
    {
      name: 'A run with no rows where there are always ten thousand is a row anomaly.',
      rows: [...baseline(), row({ rowsProduced: 0 })],
      failures: 0,
      anomalies: ['rows'],
    },
    { name: 'A run five times slower is a runtime anomaly.', rows: [...baseline(), row({ totalElapsedMs: 5000 })], failures: 0, anomalies: ['runtime'] },
    { name: 'A faster run is no anomaly: speed costs nothing.', rows: [...baseline(), row({ totalElapsedMs: 100 })], failures: 0, anomalies: [] },
    { name: 'Ordinary runs are no anomaly.', rows: baseline(30), failures: 0, anomalies: [] },
    { name: 'Too little history judges nothing.', rows: [...baseline(5), row({ rowsProduced: 100_000 })], failures: 0, anomalies: [] },
  ])('$name', ({ rows, failures, anomalies }) => {
    const ledger = new QueryLedger();
    ledger.ingest(rows);
    expect(ledger.failures().reduce((s, f) => s + f.value, 0)).toBe(failures);
    if (failures) expect(ledger.failures()[0]).toMatchObject({ node: 'node-a', workload: 'dbt-runner', warehouse: 'LOAD_WH' });
    expect(ledger.anomalies().flatMap((a) => Array(a.value).fill(a.kind))).toEqual(anomalies);
  });

  it('Counts each query once when reads overlap, and a running query once it ends.', () => {
    const ledger = new QueryLedger();
    const failed = row({ executionStatus: 'FAIL' });
    const running = row({ executionStatus: 'RUNNING', endTime: null });
    ledger.ingest([failed, running]);
    ledger.ingest([failed, { ...running, executionStatus: 'FAIL', endTime: running.startTime + 5 }]);
    expect(ledger.failures()[0]?.value).toBe(2);
  });

  it('Names the query whose plumb tag is malformed, without counting it.', () => {
    const summary = new QueryLedger().ingest([row({ queryId: 'bad-1', queryTag: '{"plumb":{"node":"n"}}' })]);
    expect(summary.malformed).toBe(1);
    expect(summary.problems[0]).toMatch(/^query bad-1: QUERY_TAG plumb.workload/);
  });

  it('Keeps baselines apart per workload and fingerprint.', () => {
    const ledger = new QueryLedger();
    ledger.ingest(baseline());
    ledger.ingest([row({ queryText: 'SELECT COUNT(*) FROM RAW.REFUNDS', rowsProduced: 1 })]);
    expect(ledger.anomalies()).toEqual([]);
  });
});

describe('query tag and fingerprint', () => {
  it.each([
    { name: 'A tag written by formatQueryTag parses back.', text: TAG, ok: true },
    { name: 'A tag of another tool is untagged.', text: '{"team":"finance"}', ok: false },
    { name: 'Plain text is untagged.', text: 'daily-load', ok: false },
    { name: 'No tag is untagged.', text: null, ok: false },
  ])('$name', ({ text, ok }) => expect(parseQueryTag(text).ok).toBe(ok));

  it.each([
    {
      name: 'Literals do not split a fingerprint.',
      a: "SELECT * FROM T WHERE ID = 1 AND D = '2026-01-01'",
      b: "select *  from t where id = 2 and d = '2026-02-01'",
      same: true,
    },
    { name: 'IN lists of any length share a fingerprint.', a: 'SELECT * FROM T WHERE ID IN (1, 2)', b: 'SELECT * FROM T WHERE ID IN (3,4,5)', same: true },
    { name: 'Comments do not split a fingerprint.', a: 'SELECT 1 -- run 7', b: '/* run 8 */ SELECT 1', same: true },
    { name: 'Another table is another fingerprint.', a: 'SELECT * FROM T1', b: 'SELECT * FROM T2', same: false },
  ])('$name', ({ a, b, same }) => expect(queryFingerprint(a) === queryFingerprint(b)).toBe(same));
});
