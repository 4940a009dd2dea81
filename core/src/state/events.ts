/**
 * Records that leave a node or the handler and go to the history of record
 * (a JSON-lines file by default, Kafka in production). Neither carries a secret in clear.
 */
import type { ChangeCause } from '../attribution/cause';

/** A hash change of one (workload, dimension) on one node. Keyed by `node` in Kafka. */
export interface ChangeEvent {
  /** Globally unique and stable across retries: `${node}:${workload}:${dimension}:${seq}`. Consumers dedupe on it. */
  eventId: string;
  node: string;
  region: string;
  workload: string;
  dimension: string;
  /** Hash before the change; undefined on first observation. */
  oldHash?: string;
  /** Hash after the change; undefined when the dimension disappeared. */
  newHash?: string;
  /** Canonical value in clear, only for exposable dimensions. */
  value?: string;
  /** Unix milliseconds when the exporter observed the change. */
  observedAtMs: number;
  /** Per-node monotonically increasing sequence number. */
  seq: number;
  /** Who or what caused the change, when known (docs/history.md, "Attribution"). */
  cause?: ChangeCause;
}

/** One remediation decision or action step, written to the hash-chained audit log. */
export interface AuditRecord {
  /** Position in the chain, starting at 1. */
  seq: number;
  /** Unix milliseconds. */
  atMs: number;
  /** Who or what: `plumb-hooks/<replica>` for automatic decisions, the user for approvals. */
  actor: string;
  /** e.g. `decision`, `action.started`, `action.succeeded`, `action.failed`, `approval`, `rollback`, `escalation`. */
  kind: string;
  /** Free-form, secret-free details: alert fingerprint, node, playbook, guardrail checks, result. */
  data: Record<string, unknown>;
  /** The previous record's `hash`, or 64 zeros (`GENESIS_HASH`) for the first record. */
  prevHash: string;
  /** sha256 hex over the canonical JSON of this record without `hash`. */
  hash: string;
}

/** Where records go. Implementations: JSON-lines stdout/file, Kafka. `write` resolves once durable. */
export interface EventSink<T> {
  write(records: readonly T[]): Promise<void>;
  close(): Promise<void>;
}
