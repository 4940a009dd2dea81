/**
 * DQ failures from a real dbt run: dbt-core with dbt-duckdb builds a small project
 * whose `unique` and `not_null` tests fail, one test warns and one passes; the symptom
 * reporter reads run_results.json and manifest.json and posts to a real exporter,
 * whose /metrics must count exactly those tests.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, startExporter, type RunningExporter } from '../exporter/support';
import { pythonEnv, pythonVenv } from '../support/python-tools';

const run = promisify(execFile);
const REPORTER = join(REPO, 'examples/reporters/symptoms/plumb_symptoms.py');
let exp: RunningExporter;
let project: string;
let env: NodeJS.ProcessEnv;
let metrics: string;

const failures = (test: string) => `plumb_dq_test_failures_total{model="orders",test="${test}",workload="dbt-runner",node="it-node-1"}`;
const warnings = (test: string) => `plumb_dq_test_warnings_total{model="orders",test="${test}",workload="dbt-runner",node="it-node-1"}`;
const report = () =>
  run(join(env.VIRTUAL_ENV as string, 'bin/python'), [REPORTER, 'dbt', '--target-dir', join(project, 'target'), '--workload', 'dbt-runner'], {
    env: { ...env, PLUMB_EXPORTER_URL: exp.url },
  });

beforeAll(async () => {
  env = pythonEnv(pythonVenv());
  project = mkdtempSync(join(tmpdir(), 'plumb-dbt-'));
  cpSync(join(REPO, 'test/symptoms/dbt-project'), project, { recursive: true });
  cpSync(join(REPO, 'examples/reporters/dbt/macros'), join(project, 'macros'), { recursive: true });
  writeFileSync(
    join(project, 'profiles.yml'),
    `plumb_symptoms:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: ${JSON.stringify(join(project, 'warehouse.duckdb'))}, threads: 1 }\n`,
  );
  // dbt exits 1 because tests fail: that is the point.
  const build = await run('dbt', ['build', '--project-dir', project, '--profiles-dir', project], { env, cwd: project }).catch(
    (err: { code: number; stdout: string }) => err,
  );
  expect((build as { code?: number }).code, String((build as { stdout: string }).stdout).slice(-2000)).toBe(1);
  exp = await startExporter({});
  const { stdout } = await report();
  expect(stdout).toContain('2/2 report(s) sent');
  metrics = await (await fetch(`${exp.url}/metrics`)).text();
}, 300_000);
afterAll(async () => {
  await exp?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('DQ failures from dbt', () => {
  it.each([
    { name: 'The failing unique test counts one failure on its model.', series: failures('unique_orders_order_id'), value: 1 },
    { name: 'The failing not_null test counts one failure on its model.', series: failures('not_null_orders_customer_id'), value: 1 },
    { name: 'The warning test counts as a warning.', series: warnings('accepted_values_orders_status__paid__refunded'), value: 1 },
  ])('$name', ({ series, value }) => {
    expect(metrics).toContain(`${series} ${value}\n`);
  });

  it('A passing test and a warning are not failures.', () => {
    expect(metrics).not.toContain(failures('not_null_orders_order_id'));
    expect(metrics).not.toContain(failures('accepted_values_orders_status__paid__refunded'));
    expect(metrics).not.toContain(warnings('unique_orders_order_id'));
  });

  it('The duplicate-rows test counts the extra rows of the checked batch only.', () => {
    expect(metrics).toContain('plumb_duplicate_rows_total{dataset="warehouse.main.orders",loader="dbt:orders",node="it-node-1"} 1\n');
  });

  it('Reporting the same dbt invocation again counts nothing more.', async () => {
    await report();
    expect(await (await fetch(`${exp.url}/metrics`)).text()).toContain(`${failures('unique_orders_order_id')} 1\n`);
  });
});
