/**
 * Compliant raw values for the PayWave spec's dimensions, as a node would report them
 * before canonicalisation. Values that must agree within a region (endpoints, secrets)
 * depend on the region; instance-type tuning follows the spec's allowances.
 */

export interface ValueContext {
  region: string;
  instanceType: string;
}

type ValueOf = (ctx: ValueContext) => string;

const byRegion =
  (prefix: string): ValueOf =>
  (c) =>
    `${prefix}-${c.region}`;

export const COMPLIANT_VALUES: Record<string, ValueOf> = {
  'java.version': () => '17.0.11',
  'python.version': () => '3.11.9',
  'python.pkg.apache-airflow': () => '2.9.3',
  'os.pkg.tzdata': () => '2024a-0+deb12u1',
  'kernel.release': () => '6.1.0-18-amd64',
  'spark.sql.session.timeZone': () => 'UTC',
  'spark.sql.shuffle.partitions': (c) => (c.instanceType === 'r6i.8xlarge' ? '3200' : '400'),
  'spark.streaming.backpressure.enabled': () => 'true',
  'max.poll.interval.ms': () => '600000',
  'fetch.min.bytes': () => '1048576',
  'enable.auto.commit': () => 'false',
  'celery.worker_concurrency': (c) => (c.instanceType === 'm6i.4xlarge' ? '32' : '16'),
  'core.default_task_retries': () => '2',
  'core.default_task_execution_timeout': () => '3600',
  // Reported as major.minor: core's version-major-minor reads "1.8.3" as legacy Java (8.3).
  'dbt.adapter.snowflake': () => '1.8',
  'dbt.packages': byRegion('3f2a9c1e'),
  'dbt.profile.target': () => 'prod',
  'dbt.profile.password': byRegion('s3cr3t-snowflake-password'),
  SNOWFLAKE_ENDPOINT: (c) => `paywave-${c.region}.privatelink.snowflakecomputing.com`,
  LOADER_IDEMPOTENCY_MODE: () => 'merge',
  FEATURE_FLAG_NEW_FX_RATES: () => 'false',
  SPARK_EXECUTOR_MEMORY_OVERHEAD: (c) => (c.instanceType === 'r6i.8xlarge' ? '4g' : '2g'),
  SNOWFLAKE_ACCOUNT_URL: (c) => (c.region === 'eu-west-1' ? 'https://paywave-eu.snowflakecomputing.com' : 'https://paywave-us.snowflakecomputing.com'),
  KAFKA_SASL_PASSWORD: byRegion('sasl-password'),
};

/** Drift the fleet carries on purpose; each entry names the nodes by role and index. */
export interface Injection {
  /** What the injection is for, e.g. `time-zone drift`. */
  name: string;
  workload: string;
  dimension: string;
  value: string;
  /** Per region: how many nodes of the workload get the value (by name, after `offset`). */
  perRegion: Record<string, number>;
  /** Nodes to skip first, so harmless drift does not land on the harmful cohorts. */
  offset?: number;
  /** Symptom raised on exactly those nodes, with its level. */
  symptom?: { name: 'consumer_lag' | 'duplicate_loads' | 'dq_failures'; level: number };
}

/** The known answer of the data: three harmful cohorts and some harmless drift. */
export const INJECTIONS: Injection[] = [
  {
    name: 'time-zone drift',
    workload: 'spark-batch',
    dimension: 'spark.sql.session.timeZone',
    value: 'America/New_York',
    perRegion: { 'us-east-1': 2, 'us-west-2': 1, 'eu-west-1': 1 },
    symptom: { name: 'dq_failures', level: 0.08 },
  },
  {
    name: 'low fetch.min.bytes',
    workload: 'spark-streaming',
    dimension: 'fetch.min.bytes',
    value: '1024',
    perRegion: { 'us-east-1': 2, 'us-west-2': 2, 'eu-west-1': 2 },
    symptom: { name: 'consumer_lag', level: 1_500_000 },
  },
  {
    name: 'auto-commit',
    workload: 'kafka-consumer',
    dimension: 'enable.auto.commit',
    value: 'true',
    perRegion: { 'us-east-1': 2, 'eu-west-1': 2 },
    symptom: { name: 'duplicate_loads', level: 40 },
  },
  {
    name: 'memory overhead (harmless)',
    workload: 'spark-batch',
    dimension: 'SPARK_EXECUTOR_MEMORY_OVERHEAD',
    value: '3g',
    perRegion: { 'us-west-2': 1, 'eu-west-1': 1 },
    offset: 5,
  },
  {
    name: 'feature flag on (harmless)',
    workload: 'spark-streaming',
    dimension: 'FEATURE_FLAG_NEW_FX_RATES',
    value: 'true',
    perRegion: { 'us-west-2': 1, 'eu-west-1': 1 },
    offset: 6,
  },
  { name: 'worker concurrency', workload: 'airflow-worker', dimension: 'celery.worker_concurrency', value: '8', perRegion: { 'us-east-1': 1, 'eu-west-1': 1 } },
];

/** Baseline level of each symptom on a healthy node. */
export const SYMPTOM_BASELINE = { consumer_lag: 20_000, duplicate_loads: 0.2, dq_failures: 0.0015 } as const;
