/**
 * Query anomalies: a job's tagged queries (the Python tag helper), the warehouse's
 * query history served by a loopback stand-in for Snowflake's SQL API v2 in Snowflake's
 * column shape, and the collector's metrics per node and workload.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYMPTOM_METRIC } from '@plumb/core/contract';
import { QUERY_HISTORY_STATEMENT } from '@plumb/core/queries/decode';
import { parseQueryTag } from '@plumb/core/queries/tag';
import { runQueryHistoryCli } from '@plumb/history/cli/query-main';
import { QueryHistoryCollector } from '@plumb/history/queries/collector';
import { createQueryHistoryRegistry } from '@plumb/history/queries/metrics';
import { executeStatement } from '@plumb/history/queries/sql-api';
import { REPO } from '../exporter/support';
import { pythonEnv, pythonVenv } from '../support/python-tools';
import { startSqlApiStandIn, type HistoryRow, type SqlApiStandIn } from '../support/snowflake-sql-api';

const run = promisify(execFile);
let api: SqlApiStandIn;
let env: NodeJS.ProcessEnv;
const NOW = 1_764_500_000;
const python = (code: string) =>
  run(join(env.VIRTUAL_ENV as string, 'bin/python'), ['-c', code], {
    env: { ...env, PLUMB_NODE: 'ip-10-1-2-3.ec2.internal' },
    cwd: join(REPO, 'examples/reporters/symptoms'),
  });

let seq = 0;
function query(tag: string | null, over: Partial<HistoryRow> = {}): HistoryRow {
  seq++;
  const start = NOW - 3000 + seq * 10;
  return {
    QUERY_ID: `01b2c3d4-0000-${String(seq).padStart(4, '0')}`,
    QUERY_TEXT: `INSERT INTO RAW.PAYMENTS SELECT * FROM STAGE.PAYMENTS WHERE BATCH_ID = '${seq}'`,
    QUERY_TAG: tag,
    EXECUTION_STATUS: 'SUCCESS',
    ERROR_CODE: null,
    ERROR_MESSAGE: null,
    START_TIME: start,
    END_TIME: start + 2,
    TOTAL_ELAPSED_TIME: 2000 + (seq % 5) * 50,
    ROWS_PRODUCED: 50_000 + (seq % 7) * 100,
    WAREHOUSE_NAME: 'LOAD_WH',
    WAREHOUSE_SIZE: 'Medium',
    USER_NAME: 'LOADER',
    ...over,
  };
}

function collector(now = () => NOW * 1000) {
  return new QueryHistoryCollector({
    now,
    run: (statement, bindings) =>
      executeStatement(
        { baseUrl: api.url, token: api.token, tokenType: 'PROGRAMMATIC_ACCESS_TOKEN', warehouse: 'MONITOR_WH', pollMs: 10 },
        statement,
        bindings,
      ),
  });
}

beforeAll(async () => {
  env = pythonEnv(pythonVenv());
  api = await startSqlApiStandIn();
}, 300_000);
afterAll(async () => api?.stop());
beforeEach(() => {
  api.rows = [];
  api.violations = [];
  api.requests = [];
  api.partitionSize = 1000;
  api.failWith = undefined;
});

describe('query anomalies from the warehouse query history', () => {
  it("A job's Python tag helper writes the tag the collector reads, with the node from PLUMB_NODE.", async () => {
    const { stdout } = await python('from plumb_query_tag import query_tag; print(query_tag("dbt-runner", "inv-42"))');
    expect(parseQueryTag(stdout.trim())).toEqual({ ok: true, tag: { node: 'ip-10-1-2-3.ec2.internal', workload: 'dbt-runner', run: 'inv-42' } });
  });

  it("The collector's statement parses in Snowflake's dialect (sqlglot).", async () => {
    const code = `import sys, sqlglot; e = sqlglot.parse_one(sys.argv[1], read="snowflake"); print(type(e).__name__)`;
    const { stdout } = await run(join(env.VIRTUAL_ENV as string, 'bin/python'), ['-c', code, QUERY_HISTORY_STATEMENT], { env });
    expect(stdout.trim()).toBe('Select');
  });

  it('Failed queries and row-count and runtime anomalies are counted per node and workload, other tags and untagged queries ignored.', async () => {
    const tag = (node: string, workload: string) => JSON.stringify({ plumb: { node, workload, run: `run-${seq}` } });
    const a = tag('node-a', 'dbt-runner');
    api.rows = [
      ...Array.from({ length: 20 }, () => query(a)),
      query(a, { ROWS_PRODUCED: 150_000 }), // a duplicate load: three times the rows
      query(a, { TOTAL_ELAPSED_TIME: 30_000 }), // fifteen times slower
      query(tag('node-b', 'spark-batch'), {
        EXECUTION_STATUS: 'FAIL',
        ERROR_CODE: '100038',
        ERROR_MESSAGE: "Numeric value 'abc' is not recognized",
        ROWS_PRODUCED: 0,
      }),
      query(tag('node-b', 'spark-batch'), { EXECUTION_STATUS: 'INCIDENT', ROWS_PRODUCED: 0 }),
      query('{"team":"finance"}', { EXECUTION_STATUS: 'FAIL' }),
      query(null, { EXECUTION_STATUS: 'FAIL' }),
    ];
    api.partitionSize = 7; // several result partitions
    api.asyncNext = true; // and a 202 first
    const c = collector();
    const text = await createQueryHistoryRegistry(c).metrics();
    expect(api.violations).toEqual([]);
    expect(c.last).toMatchObject({ ok: true, rows: 24 }); // the 24 rows with a plumb tag, over 4 partitions
    expect(api.requests.filter((r) => /partition=\d$/.test(r.path)).map((r) => r.path.slice(-1))).toEqual(['1', '2', '3']);
    expect(text).toContain(`${SYMPTOM_METRIC.queryFailures}{warehouse="LOAD_WH",workload="spark-batch",node="node-b"} 2\n`);
    expect(text).toContain(`${SYMPTOM_METRIC.queryAnomalies}{warehouse="LOAD_WH",workload="dbt-runner",node="node-a",kind="rows"} 1\n`);
    expect(text).toContain(`${SYMPTOM_METRIC.queryAnomalies}{warehouse="LOAD_WH",workload="dbt-runner",node="node-a",kind="runtime"} 1\n`);
    expect(text.match(new RegExp(`^${SYMPTOM_METRIC.queryFailures}\\{`, 'gm'))).toHaveLength(1);
    expect(text).toContain('plumb_query_history_collector_success 1\n');
  });

  it('A second scrape reads from where the first ended and counts a query that was running when it ends.', async () => {
    const a = JSON.stringify({ plumb: { node: 'node-a', workload: 'airflow-worker', run: 'r' } });
    const running = query(a, { EXECUTION_STATUS: 'RUNNING', END_TIME: null });
    api.rows = [query(a, { EXECUTION_STATUS: 'FAIL' }), running];
    const c = collector();
    const registry = createQueryHistoryRegistry(c);
    expect(await registry.metrics()).toContain(`${SYMPTOM_METRIC.queryFailures}{warehouse="LOAD_WH",workload="airflow-worker",node="node-a"} 1\n`);
    Object.assign(running, { EXECUTION_STATUS: 'FAIL', END_TIME: NOW + 100 });
    await new Promise((r) => setTimeout(r, 5));
    expect(await registry.metrics()).toContain(`${SYMPTOM_METRIC.queryFailures}{warehouse="LOAD_WH",workload="airflow-worker",node="node-a"} 2\n`);
    const since = api.requests.filter((r) => r.method === 'POST').map((r) => (r.body as { bindings: Record<string, { value: string }> }).bindings['1']!.value);
    expect(Date.parse(since[1]!)).toBeGreaterThan(Date.parse(since[0]!));
  });

  it('A statement the warehouse refuses leaves success at 0 and the counters where they were, and the error names the SQL API.', async () => {
    api.rows = [query(JSON.stringify({ plumb: { node: 'n', workload: 'dbt-runner', run: 'r' } }), { EXECUTION_STATUS: 'FAIL' })];
    const c = collector();
    const registry = createQueryHistoryRegistry(c);
    await registry.metrics();
    api.failWith = 'Warehouse MONITOR_WH is suspended';
    await new Promise((r) => setTimeout(r, 5));
    const text = await registry.metrics();
    expect(text).toContain('plumb_query_history_collector_success 0\n');
    expect(text).toContain(`${SYMPTOM_METRIC.queryFailures}{warehouse="LOAD_WH",workload="dbt-runner",node="n"} 1\n`);
    expect(c.last).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Snowflake SQL API POST \/api\/v2\/statements: HTTP 422 Warehouse MONITOR_WH is suspended \(code 000603/),
    });
  });

  it('A row whose cell does not parse fails the read, naming the column and the query, and counts nothing.', async () => {
    api.rows = [query(JSON.stringify({ plumb: { node: 'n', workload: 'dbt-runner', run: 'r' } }), { QUERY_ID: 'q-bad', TOTAL_ELAPSED_TIME: 'fast' })];
    const c = collector();
    expect(await c.poll()).toEqual({ ok: false, error: 'query history row q-bad: TOTAL_ELAPSED_TIME is not a number: "fast"' });
  });

  it.each([
    {
      name: 'The service refuses to start without a token in PLUMB_SNOWFLAKE_TOKEN.',
      argv: ['--account-url', 'https://org-acct.snowflakecomputing.com'],
      env: {},
      error: /PLUMB_SNOWFLAKE_TOKEN/,
    },
    {
      name: 'The service refuses an account URL with a path.',
      argv: ['--account-url', 'https://org-acct.snowflakecomputing.com/api'],
      env: { PLUMB_SNOWFLAKE_TOKEN: 't' },
      error: /--account-url/,
    },
    {
      name: 'The service refuses an unknown token type.',
      argv: ['--account-url', 'https://a.example', '--token-type', 'PASSWORD'],
      env: { PLUMB_SNOWFLAKE_TOKEN: 't' },
      error: /--token-type/,
    },
  ])('$name', async ({ argv, env: cliEnv, error }) => {
    const write = process.stderr.write.bind(process.stderr);
    let err = '';
    process.stderr.write = ((chunk: string) => ((err += chunk), true)) as typeof process.stderr.write;
    try {
      expect(await runQueryHistoryCli(argv, cliEnv)).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(err).toMatch(error);
  });
});
