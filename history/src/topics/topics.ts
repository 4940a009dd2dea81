/**
 * The topics that make Kafka Plumb's history of record, and their settings. Pure: the admin
 * call lives in `ensure-topics.ts`.
 */
import type { TopicSpec } from '../log/port';

/** Default topic names. */
export const CHANGE_TOPIC = 'plumb.config-changes';
export const AUDIT_TOPIC = 'plumb.audit';
/**
 * Chain-head checkpoints of the audit chains, keyed by chain id. Its own topic, not
 * `plumb.audit`: compaction keeps the newest checkpoint of each chain for ever while
 * `plumb.audit` keeps a year, and readers of the history never see a checkpoint.
 */
export const AUDIT_CHECKPOINT_TOPIC = 'plumb.audit-checkpoints';
/** Per-node configuration snapshots (`history/src/snapshot/`), keyed by node like the change topic. */
export const SNAPSHOT_TOPIC = 'plumb.config-snapshots';

/** One year, the SOX retention the history of record must keep. */
export const ONE_YEAR_MS = 31_536_000_000;

/** Settings an operator may change. Defaults suit a single dev broker; MSK values are in docs/history.md. */
export interface TopicSettings {
  changeTopic?: string;
  auditTopic?: string;
  checkpointTopic?: string;
  snapshotTopic?: string;
  /** Partitions of the change topic (keyed by node, so ordering is per node). Default 6. */
  changePartitions?: number;
  /** Partitions of the audit topic (keyed by chain id). Default 3. */
  auditPartitions?: number;
  /** Default 1 here; 3 on MSK. */
  replicationFactor?: number;
  /** Default 1 here; 2 on MSK with RF 3 and producers at acks=all. */
  minInsyncReplicas?: number;
  /** Default {@link ONE_YEAR_MS}. */
  retentionMs?: number;
}

/** Outcome of validating {@link TopicSettings}: the specs to create or the problems found. */
export type TopicPlan = { ok: true; topics: TopicSpec[] } | { ok: false; errors: string[] };

function positiveInt(name: string, v: number, errors: string[]): void {
  if (!Number.isInteger(v) || v < 1) errors.push(`${name} must be a positive integer, got ${String(v)}`);
}

/**
 * Validates settings and returns the topic specs: change, audit and snapshots with
 * `cleanup.policy=delete` and time retention, checkpoints compacted. The snapshot topic has as
 * many partitions as the change topic, so a node's key lands on the same partition number in both.
 */
export function planTopics(s: TopicSettings = {}): TopicPlan {
  const rf = s.replicationFactor ?? 1;
  const minIsr = s.minInsyncReplicas ?? Math.min(rf, Math.max(1, rf - 1));
  const retention = s.retentionMs ?? ONE_YEAR_MS;
  const changePartitions = s.changePartitions ?? 6;
  const auditPartitions = s.auditPartitions ?? 3;
  const errors: string[] = [];
  positiveInt('replicationFactor', rf, errors);
  positiveInt('minInsyncReplicas', minIsr, errors);
  positiveInt('changePartitions', changePartitions, errors);
  positiveInt('auditPartitions', auditPartitions, errors);
  if (!(Number.isInteger(retention) && (retention === -1 || retention >= 60_000))) {
    errors.push(`retentionMs must be -1 (forever) or at least 60000, got ${String(retention)}`);
  }
  if (minIsr > rf) errors.push(`minInsyncReplicas (${minIsr}) cannot exceed replicationFactor (${rf})`);
  const names = [s.changeTopic ?? CHANGE_TOPIC, s.auditTopic ?? AUDIT_TOPIC, s.checkpointTopic ?? AUDIT_CHECKPOINT_TOPIC, s.snapshotTopic ?? SNAPSHOT_TOPIC];
  for (const n of names) {
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(n)) errors.push(`topic name ${JSON.stringify(n)} is not a legal Kafka topic name`);
  }
  if (new Set(names).size !== names.length) errors.push('changeTopic, auditTopic, checkpointTopic and snapshotTopic must differ');
  if (errors.length > 0) return { ok: false, errors };
  const config = {
    'cleanup.policy': 'delete',
    'retention.ms': String(retention),
    // Size never shortens the history of record; only time does.
    'retention.bytes': '-1',
    'min.insync.replicas': String(minIsr),
    // Producers set the event time; the index must not reorder on it.
    'message.timestamp.type': 'CreateTime',
  };
  return {
    ok: true,
    topics: [
      { name: names[0] as string, partitions: changePartitions, replicationFactor: rf, config: { ...config } },
      { name: names[1] as string, partitions: auditPartitions, replicationFactor: rf, config: { ...config } },
      {
        name: names[2] as string,
        partitions: auditPartitions,
        replicationFactor: rf,
        config: { 'cleanup.policy': 'compact', 'min.insync.replicas': String(minIsr), 'message.timestamp.type': 'CreateTime' },
      },
      { name: names[3] as string, partitions: changePartitions, replicationFactor: rf, config: { ...config } },
    ],
  };
}
