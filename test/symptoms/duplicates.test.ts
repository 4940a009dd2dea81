/**
 * Duplicate loads, counted by the loader-side check on DuckDB (standing in for
 * Snowflake) and exported by a real exporter; the Python unit tests of the check and
 * the Snowflake syntax check (sqlglot) run here too, so `npm test` runs them.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, startExporter, type RunningExporter } from '../exporter/support';
import { pythonEnv, pythonVenv } from '../support/python-tools';

const run = promisify(execFile);
const HERE = join(REPO, 'examples/reporters/symptoms');
let exp: RunningExporter;
let env: NodeJS.ProcessEnv;
const python = (args: string[]) => run(join(env.VIRTUAL_ENV as string, 'bin/python'), args, { env: { ...env, PLUMB_EXPORTER_URL: exp.url }, cwd: HERE });

const LOADER = `
import duckdb
from plumb_symptoms import check_batch, report_duplicates
conn = duckdb.connect(":memory:")
conn.execute("CREATE TABLE payments (payment_id INTEGER, batch_id VARCHAR)")
def load(batch, ids):
    if ids:
        conn.executemany("INSERT INTO payments VALUES (?, ?)", [(i, batch) for i in ids])
    rows, distinct = check_batch(conn, "payments", ["payment_id"], "batch_id", batch)
    print(batch, rows, distinct, report_duplicates("RAW.PAYMENTS", "payments-loader", batch, rows, distinct))
load("b1", [1, 2, 3])
load("b2", [4, 4, 5, 5, 5])
load("b2", [])  # a retried report of batch b2 counts once
`;

beforeAll(async () => {
  env = pythonEnv(pythonVenv());
  exp = await startExporter({});
});
afterAll(async () => {
  await exp?.stop();
});

describe('duplicate loads', () => {
  it('The loader check and the Snowflake syntax check pass their Python unit tests.', async () => {
    const { stderr } = await python(['-m', 'unittest', '-v', 'test_plumb_symptoms']);
    expect(stderr).toMatch(/Ran 9 tests/);
    expect(stderr).toMatch(/\nOK\n/);
  });

  it('A loader that wrote 3 extra rows in one batch and none in another counts 3.', async () => {
    const { stdout } = await python(['-c', LOADER]);
    expect(stdout).toBe('b1 3 3 True\nb2 5 2 True\nb2 5 2 True\n');
    const text = await (await fetch(`${exp.url}/metrics`)).text();
    expect(text).toContain('plumb_duplicate_rows_total{dataset="RAW.PAYMENTS",loader="payments-loader",node="it-node-1"} 3\n');
  });

  it('A symptom report that is not JSON is refused with 415.', async () => {
    const res = await fetch(`${exp.url}/v1/symptoms`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(res.status).toBe(415);
  });
});
