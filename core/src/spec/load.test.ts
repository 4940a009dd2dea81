import { describe, expect, it } from 'vitest';
import { loadSpecText } from './load';
import { loadSpecFile } from './testing-spec-file';

const EXAMPLE = 'examples/paywave/desired-state.yaml';

const minimal = (extra = '') => `apiVersion: plumb/v1
kind: DesiredState
metadata: { name: t }
workloads:
  - { name: host, match: { always: true } }
dimensions:
  - key: DB_PASSWORD
    workloads: [host]
    source: { kind: env, name: DB_PASSWORD }
    severity: info
    expect: { consistency: {} }
${extra}`;

describe('loadSpecFile', () => {
  it('The example spec loads with every PayWave workload type.', () => {
    const r = loadSpecFile(EXAMPLE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.model.workloads.map((w) => w.name)).toEqual(['airflow-worker', 'spark-streaming', 'spark-batch', 'dbt-runner', 'kafka-consumer', 'host']);
  });

  it.each([
    'java.version',
    'python.version',
    'os.pkg.tzdata',
    'spark.sql.session.timeZone',
    'spark.sql.shuffle.partitions',
    'spark.streaming.backpressure.enabled',
    'max.poll.interval.ms',
    'fetch.min.bytes',
    'enable.auto.commit',
    'celery.worker_concurrency',
    'core.default_task_retries',
    'core.default_task_execution_timeout',
    'dbt.adapter.snowflake',
    'dbt.packages',
    'dbt.profile.target',
    'FEATURE_FLAG_NEW_FX_RATES',
    'SNOWFLAKE_ACCOUNT_URL',
    'SPARK_EXECUTOR_MEMORY_OVERHEAD',
    'KAFKA_SASL_PASSWORD',
  ])('The example spec covers the dimension %s.', (key) => {
    const r = loadSpecFile(EXAMPLE);
    expect(r.ok && r.model.rules.some((rule) => rule.key === key)).toBe(true);
  });

  it('A dimension named like a credential is secret by default and compares by consistency.', () => {
    const r = loadSpecText(minimal(), 't.yaml');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.model.rules[0]).toMatchObject({ secret: true, expose: false, check: { kind: 'consistency', by: ['region'] } });
  });

  it('An expired exception is a warning, apart from errors.', () => {
    const r = loadSpecText(
      minimal(`exceptions:\n  - { dimension: DB_PASSWORD, node: n1, expiresAt: '2001-01-01T00:00:00Z', ticket: CHG-9, approver: x }\n`),
      't.yaml',
    );
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.path)).toEqual(['exceptions[0].expiresAt']);
  });

  it('Exceptions become expiry times in Unix seconds, honouring the offset.', () => {
    const r = loadSpecText(
      minimal(`exceptions:\n  - { dimension: DB_PASSWORD, pool: p, expiresAt: '2030-01-01T02:00:00+02:00', ticket: CHG-9, approver: x }\n`),
      't.yaml',
    );
    expect(r.ok && r.model.rules[0]?.exceptions[0]?.expiresAtSeconds).toBe(1893456000);
  });
});
