/**
 * Symptom metrics: what drift costs, counted where it happens (the loader, the dbt run)
 * and served by the node's exporter next to its config state. The spec's default
 * `symptoms`, the simulator, the impact ranking and the dashboards read these names.
 */
import type { MetricDoc } from './metrics';

export const SYMPTOM_METRICS = {
  consumerGroupLag: {
    name: 'plumb_kafka_consumergroup_lag',
    type: 'gauge',
    labels: ['group', 'topic', 'partition', 'node'],
    meaning:
      "Kafka consumer-group lag: messages between a partition's end offset and the group's committed offset, on the node of the member that owns the partition (`plumb-kafka-lag`). Spark Structured Streaming commits no offsets: its lag is `plumb_streaming_lag_records`.",
  },
  dqTestFailures: {
    name: 'plumb_dq_test_failures_total',
    type: 'counter',
    labels: ['model', 'test', 'node', 'workload'],
    meaning:
      'dbt tests that failed (status `fail` or `error`; an errored test proved nothing, so it counts) on this node, one per test per run, from `run_results.json`. Warnings are apart.',
  },
  dqTestWarnings: {
    name: 'plumb_dq_test_warnings_total',
    type: 'counter',
    labels: ['model', 'test', 'node', 'workload'],
    meaning: 'dbt tests that ended with `warn` (severity `warn`), one per test per run.',
  },
  duplicateRows: {
    name: 'plumb_duplicate_rows_total',
    type: 'counter',
    labels: ['dataset', 'loader', 'node'],
    meaning: 'Rows a loader wrote beyond the distinct business keys of their batch (rows loaded − distinct keys), per batch, counted by the loader-side check.',
  },
  queryFailures: {
    name: 'plumb_query_failures_total',
    type: 'counter',
    labels: ['warehouse', 'workload', 'node'],
    meaning:
      'Warehouse queries tagged by a job on this node (Snowflake `QUERY_TAG`) that ended failed (`EXECUTION_STATUS` FAIL, INCIDENT, FAILED_WITH_ERROR or FAILED_WITH_INCIDENT), one per query, read from the query history by `plumb-query-history`.',
  },
  queryAnomalies: {
    name: 'plumb_query_anomalies_total',
    type: 'counter',
    labels: ['kind', 'warehouse', 'workload', 'node'],
    meaning:
      'Successful tagged queries whose rows produced (`kind="rows"`) or total elapsed time (`kind="runtime"`) lies more than 3.5 robust z-scores (median/MAD) from the same workload\'s earlier runs of the same query fingerprint.',
  },
  streamingLag: {
    name: 'plumb_streaming_lag_records',
    type: 'gauge',
    labels: ['query', 'topic', 'partition', 'workload', 'node'],
    meaning:
      "Spark Structured Streaming: records of a Kafka topic-partition behind the latest offset at the query's last micro-batch (latest − end offset). Absent when the query has not reported within the TTL (unknown, not 0).",
  },
  streamingInputRate: {
    name: 'plumb_streaming_input_rows_per_second',
    type: 'gauge',
    labels: ['query', 'workload', 'node'],
    meaning: "Input rate of the query's last micro-batch.",
  },
  streamingProcessedRate: {
    name: 'plumb_streaming_processed_rows_per_second',
    type: 'gauge',
    labels: ['query', 'workload', 'node'],
    meaning: "Processing rate of the query's last micro-batch.",
  },
  streamingBatchDuration: {
    name: 'plumb_streaming_batch_duration_seconds',
    type: 'gauge',
    labels: ['query', 'workload', 'node'],
    meaning: "Duration of the query's last micro-batch.",
  },
  streamingLastProgress: {
    name: 'plumb_streaming_last_progress_timestamp_seconds',
    type: 'gauge',
    labels: ['query', 'workload', 'node'],
    meaning: "When the query's last reported micro-batch was triggered.",
  },
} as const satisfies Record<string, MetricDoc>;

type SymptomNames = { readonly [K in keyof typeof SYMPTOM_METRICS]: (typeof SYMPTOM_METRICS)[K]['name'] };

/** Symptom metric names by key, e.g. `SYMPTOM_METRIC.duplicateRows`. */
export const SYMPTOM_METRIC = Object.fromEntries(Object.entries(SYMPTOM_METRICS).map(([key, doc]) => [key, doc.name])) as SymptomNames;
