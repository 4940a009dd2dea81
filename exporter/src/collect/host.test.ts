import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '@plumb/io';
import type { Model } from '@plumb/core/spec/model';
import type { NodeIdentity } from '@plumb/core/state/types';
import { collectHost, type CollectHostOptions } from './host';

const fixtures = fileURLToPath(new URL('../../testdata/hosts/', import.meta.url));
const salt = new Uint8Array(Buffer.from('fixture-salt-0123456789abcdef'));
const identity: NodeIdentity = { node: 'fixture-1', region: 'eu-west-1', instanceType: 'm6i.large', pool: 'fixture', platform: 'host' };

function model(): Model {
  const loaded = loadSpecFile(`${fixtures}spec.yaml`);
  if (!loaded.ok) throw new Error(`fixture spec does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.model;
}

/** Expected observation per rule id: a clear value, `#` for hash only, or `-` for absent. */
type Want = Record<string, string>;

interface HostCase {
  name: string;
  tree: string;
  opts: Partial<CollectHostOptions>;
  want: Want;
  numeric?: Record<string, number>;
  failed: string[];
}

const cases: HostCase[] = [
  {
    name: 'A Spark streaming node reports its spark-defaults, Hadoop XML, Kafka properties, JVM, dpkg, kernel, env and command dimensions.',
    tree: 'spark-node',
    opts: {
      nodeLabels: { 'plumb.dev/pool': 'spark-streaming' },
      env: { JAVA_HOME: '/usr/lib/jvm/java-17', TZ: 'UTC', KAFKA_SASL_PASSWORD: 'PLANTED-ENV-SASL-abcd' },
    },
    want: {
      'spark-streaming/java.version': '17.0.9',
      'host/os.pkg.tzdata': '2024a-0+deb12u1',
      'host/os.pkg.openjdk': '-',
      'host/kernel.release': '6.1.0-18-amd64',
      'spark-streaming/spark.sql.session.timeZone': 'UTC',
      'spark-streaming/spark.sql.shuffle.partitions': '400',
      'spark-streaming/spark.s3a.access': '#',
      'spark-streaming/fetch.min.bytes': '1048576',
      'spark-streaming/max.poll.interval.ms': '300000',
      'spark-streaming/kafka.jaas': '#',
      'spark-streaming/kafka.truststore': '#',
      'spark-streaming/yarn.nodemanager.resource.memory-mb': '12288',
      'spark-streaming/hadoop.s3a.access': '#',
      'host/TZ': 'UTC',
      'spark-streaming/KAFKA_SASL_PASSWORD': '#',
      'host/echo.greeting': '4.2.0',
      'airflow-worker/python.version': '-',
      'dbt-runner/dbt.profile.target': '-',
    },
    numeric: { 'spark-streaming/spark.sql.shuffle.partitions': 400, 'spark-streaming/fetch.min.bytes': 1048576 },
    failed: [],
  },
  {
    name: 'An Airflow worker found by its process applies AIRFLOW__ env overrides over airflow.cfg and reads Python from its virtualenv.',
    tree: 'airflow-node',
    opts: {
      runCommands: false,
      env: {
        VIRTUAL_ENV: '/opt/venv',
        AIRFLOW__CELERY__WORKER_CONCURRENCY: '32',
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD: 'touch /tmp/plumb-airflow-cmd-must-not-run',
      },
    },
    want: {
      'airflow-worker/python.version': '3.11',
      'airflow-worker/python.pkg.apache-airflow': '2.9.3',
      'airflow-worker/dbt.adapter.snowflake': '1.8.3',
      'airflow-worker/celery.worker_concurrency': '32',
      'airflow-worker/core.default_task_retries': '2',
      'airflow-worker/core.parallelism': '32',
      'airflow-worker/celery.broker_url': '#',
      'airflow-worker/database.sql_alchemy_conn': '#',
      'host/kernel.release': '5.10.215-203.850.amzn2.x86_64',
      'host/os.pkg.tzdata': '-',
      'spark-streaming/java.version': '-',
    },
    failed: [],
  },
  {
    name: 'A dbt runner on an EMR task group reports YAML, JSON and text files and hashes the profile password.',
    tree: 'dbt-node',
    opts: { runCommands: false, emrInstanceGroup: 'task', env: { SNOWFLAKE_TOKEN: 'PLANTED-ENV-TOKEN-ee11' } },
    want: {
      'dbt-runner/dbt.profile.target': 'prod',
      'dbt-runner/dbt.profile.password': '#',
      'dbt-runner/dbt.packages': '#',
      'dbt-runner/dbt.packages.spec': '#',
      'dbt-runner/loader.batchSize': '5000',
      'dbt-runner/loader.api': '#',
      'dbt-runner/release.channel': 'eu-west-1-blue',
      'dbt-runner/snowflake.session': '#',
    },
    failed: [],
  },
  {
    name: 'Malformed files fail only the files and runtime collectors, and their dimensions are absent.',
    tree: 'broken-node',
    opts: { runCommands: false, workloads: ['spark-streaming', 'airflow-worker', 'dbt-runner', 'host'], env: { JAVA_HOME: '/usr/lib/jvm/java-17', TZ: 'UTC' } },
    want: {
      'spark-streaming/spark.sql.session.timeZone': '-',
      'spark-streaming/fetch.min.bytes': '-',
      'spark-streaming/yarn.nodemanager.resource.memory-mb': '-',
      'airflow-worker/core.parallelism': '-',
      'dbt-runner/dbt.profile.password': '-',
      'dbt-runner/loader.api': '-',
      'spark-streaming/java.version': '-',
      'host/TZ': 'UTC',
    },
    failed: ['files', 'runtime'],
  },
];

describe('collectHost on fixture trees', () => {
  it.each(cases)('$name', async ({ tree, opts, want, numeric, failed }) => {
    const got = await collectHost(model(), { salt, identity, root: `${fixtures}${tree}`, commandCacheMs: 0, ...opts });
    for (const [ruleId, expected] of Object.entries(want)) {
      const obs = got.observations.filter((o) => `${o.workload}/${o.dimension}` === ruleId);
      if (expected === '-') {
        expect(obs, ruleId).toEqual([]);
        continue;
      }
      expect(obs, ruleId).toHaveLength(1);
      expect(obs[0]?.hash, ruleId).toMatch(/^[0-9a-f]{16}$/);
      expect(obs[0]?.value, ruleId).toBe(expected === '#' ? undefined : expected);
      if (expected === '#') expect(obs[0]?.numeric, ruleId).toBeUndefined();
    }
    for (const [ruleId, n] of Object.entries(numeric ?? {})) expect(got.observations.find((o) => `${o.workload}/${o.dimension}` === ruleId)?.numeric).toBe(n);
    expect(
      got.runs
        .filter((r) => !r.success)
        .map((r) => r.collector)
        .sort(),
    ).toEqual(failed);
    const rendered = JSON.stringify({ observations: got.observations, runs: got.runs });
    expect(rendered).not.toMatch(/PLANTED|hunter2|plumb-airflow-cmd/);
  });

  it('Errors of a failed collector name the file and the line but carry no value.', async () => {
    const got = await collectHost(model(), { salt, identity, root: `${fixtures}broken-node`, runCommands: false, workloads: ['host'] });
    const errors = got.runs.flatMap((r) => r.errors);
    expect(errors).toContain('/opt/spark/conf/spark-defaults.conf: malformed spark-defaults (line 2: expected "key value")');
    expect(errors.some((e) => e.startsWith('/etc/kafka/consumer.properties: malformed properties (line 2'))).toBe(true);
    expect(errors).toContain('/etc/hadoop/conf/yarn-site.xml: malformed hadoop-xml (line 2: DOCTYPE refused (no DTD or external entities))');
    expect(errors.join('\n')).not.toContain('PLANTED');
  });

  it('Equal values hash alike across nodes and the canonical value stays in memory for local checks.', async () => {
    const a = await collectHost(model(), { salt, identity, root: `${fixtures}spark-node`, runCommands: false, workloads: ['spark-streaming'] });
    const b = await collectHost(model(), { salt, identity, root: `${fixtures}broken-node`, runCommands: false, workloads: ['spark-streaming'] });
    expect(a.canonical.get('spark-streaming/spark.s3a.access')).toEqual(['PLANTED-S3-SECRET-7f3a']);
    const tzA = a.observations.find((o) => o.dimension === 'spark.sql.session.timeZone');
    expect(tzA?.value).toBe('UTC');
    expect(b.observations.find((o) => o.dimension === 'spark.sql.session.timeZone')).toBeUndefined();
  });

  it('On this machine the JVM and kernel probes find the real JDK and kernel.', async () => {
    const got = await collectHost(model(), {
      salt,
      identity,
      root: '/',
      env: { PATH: process.env.PATH },
      workloads: ['spark-streaming', 'host'],
      commandCacheMs: 0,
    });
    expect(got.observations.find((o) => o.dimension === 'java.version')?.value).toMatch(/^\d+(\.\d+)*/);
    expect(got.observations.find((o) => o.dimension === 'kernel.release')?.value).toMatch(/^\d+\.\d+/);
  });
});
