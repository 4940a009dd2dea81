/**
 * The observed state of one node: what the exporter renders and what the fleet
 * simulator fabricates. It never holds a secret in clear: `value` is set only for
 * dimensions the spec marks exposable, every other value travels as its salted hash.
 */
import type { ChangeCause } from '../attribution/cause';
import type { DriftSummary } from '../evaluate/drift-summary';

/** Where a node runs. */
export type Platform = 'k8s' | 'emr' | 'host';

/** Node metadata; becomes `plumb_node_info{node, region, instance_type, pool, platform}`. */
export interface NodeIdentity {
  /** Node name, e.g. `ip-10-1-2-3.eu-west-1.compute.internal`. */
  node: string;
  /** AWS region, e.g. `eu-west-1`. */
  region: string;
  /** EC2 instance type, e.g. `r6i.2xlarge`. */
  instanceType: string;
  /** Node pool / node group / EMR instance group, e.g. `spark-streaming`. */
  pool: string;
  platform: Platform;
}

/** One observed (workload, dimension) value on a node. */
export interface Observation {
  /** Workload type name from the spec, e.g. `spark-streaming`. */
  workload: string;
  /** Dimension key from the spec, e.g. `spark.sql.session.timeZone`. */
  dimension: string;
  /** Salted, truncated HMAC of the canonical value (see `core/src/hash`). */
  hash: string;
  /** Canonical value in clear; present only for exposable, non-secret, short values. */
  value?: string;
  /** Numeric value, present only for `type: number` dimensions that are not secret. */
  numeric?: number;
  /** Which collector produced it, e.g. `file:/opt/spark/conf/spark-defaults.conf`, `report:airflow`. */
  source: string;
  /** Who or what last set this value, when its source can tell (a ConfigMap's field manager, an image digest). */
  cause?: ChangeCause;
}

/** Outcome of one collector run; drives the partial-report metrics. */
export interface CollectorStatus {
  /** Collector name, e.g. `files`, `env`, `runtime`, `kubernetes`, `reports`. */
  collector: string;
  success: boolean;
  /** Wall time of the last run, in seconds. */
  durationSeconds: number;
  /** Unix seconds of the last successful run, or undefined if it never succeeded. */
  lastSuccessSeconds?: number;
  /** Why it failed. Never contains a collected value. */
  error?: string;
  /** Number of errors since start (malformed files, failed probes). */
  errorsTotal: number;
}

/** Change bookkeeping for one (workload, dimension). */
export interface ChangeTracking {
  workload: string;
  dimension: string;
  /**
   * Unix seconds of the last observed hash change; the first observation since the
   * exporter started sets it too. Rendered only once `changesTotal > 0` (contract v3).
   */
  lastChangeSeconds: number;
  /** Hash changes since the exporter started. */
  changesTotal: number;
  /** The cause of the last change, when it had one (contract v5, additive). */
  lastCause?: ChangeCause;
}

/** Everything the exporter knows about a node at one instant. */
export interface NodeState {
  identity: NodeIdentity;
  observations: Observation[];
  collectors: CollectorStatus[];
  changes: ChangeTracking[];
  /** True when at least one collector failed: the report is partial, not compliant. */
  partial: boolean;
  /** Unix seconds of the collection that produced this state. */
  collectedAtSeconds: number;
  /**
   * Unix seconds at which the exporter process started; changes only on a restart.
   * Becomes `plumb_exporter_start_time_seconds`: the onset of drift that has not changed
   * since the start, and the restart signal of the flapping rule (contract v3).
   */
  startedAtSeconds: number;
  /**
   * Local drift summary for agents that cannot run the compiled rules (Datadog); the
   * exporter fills it, the simulator may leave it out (then nothing is rendered).
   */
  drift?: DriftSummary;
}
