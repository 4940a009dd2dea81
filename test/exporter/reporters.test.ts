/**
 * The example reporters in examples/reporters talk to a real exporter: the PySpark
 * snippet (with a stand-in SparkSession, since pyspark is not installed here) and the
 * dbt shell script. Their reports become dimensions; their secrets never leave.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, nextCollection, startExporter, type RunningExporter } from './support';

const run = promisify(execFile);
let exp: RunningExporter;
beforeAll(async () => {
  exp = await startExporter({});
});
afterAll(async () => {
  await exp.stop();
});

describe('example reporters', () => {
  it('The PySpark snippet reports the live SparkConf without credential keys.', async () => {
    const script = `
import sys
sys.path.insert(0, ${JSON.stringify(join(REPO, 'examples/reporters/spark'))})
from plumb_report import report_spark_conf
class Conf:
    def getAll(self):
        return [("spark.sql.shuffle.partitions", "640"), ("spark.hadoop.fs.s3a.secret.key", "PLANTED-SPARK-REPORTER")]
class Ctx:
    applicationId = "app-test-1"
    def getConf(self):
        return Conf()
class Spark:
    sparkContext = Ctx()
print(report_spark_conf(Spark(), workload="spark-streaming"))
`;
    // Asynchronous on purpose: the exporter serves from this very process.
    const { stdout: out } = await run('python3', ['-c', script], {
      env: { ...process.env, PLUMB_EXPORTER_URL: exp.url, PYTHONDONTWRITEBYTECODE: '1' },
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('True');
    await nextCollection(exp.url);
    const text = await (await fetch(`${exp.url}/metrics`)).text();
    expect(text).toMatch(/^plumb_config_value\{workload="spark-streaming",dimension="spark.shuffle.effective"\} 640$/m);
    expect(text).not.toContain('PLANTED');
  });

  it('The dbt script posts a report that the exporter accepts, and exits 0 even without dbt installed.', async () => {
    const { stdout: out } = await run('bash', [join(REPO, 'examples/reporters/dbt/plumb-report.sh')], {
      env: { PATH: '/usr/bin:/bin', PLUMB_EXPORTER_URL: exp.url, DBT_PROJECT_DIR: join(REPO, 'exporter/testdata/hosts/dbt-node/usr/app/dbt') },
      encoding: 'utf8',
    });
    expect(out).toBe('');
    expect(exp.logs.some((l) => l.includes('report accepted') && l.includes('dbt-runner'))).toBe(true);
    const state = (await (await fetch(`${exp.url}/state`)).json()) as { partial: boolean };
    expect(state.partial).toBe(false);
  });
});
