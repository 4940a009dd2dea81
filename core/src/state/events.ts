/**
 * Records that leave a node or the handler and go to the history of record
 * (a JSON-lines file by default, Kafka in production). Neither carries a secret in clear.
 * The schemas are the contract; decoders parse with them and types are inferred from them.
 */
import { z } from 'zod';
import { ChangeCauseSchema } from '../attribution/cause';

const nonEmpty = z.string().min(1);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/**
 * A hash change of one (workload, dimension) on one node. Keyed by `node` in Kafka.
 * Parsing drops every field outside the contract, so a stray raw value never travels.
 */
export const ChangeEventSchema = z.object({
  eventId: nonEmpty.describe('Globally unique and stable across retries: `${node}:${workload}:${dimension}:${seq}`. Consumers dedupe on it.'),
  node: nonEmpty,
  region: nonEmpty,
  workload: nonEmpty,
  dimension: nonEmpty,
  oldHash: z.string().optional().describe('Hash before the change; undefined on first observation.'),
  newHash: z.string().optional().describe('Hash after the change; undefined when the dimension disappeared.'),
  value: z.string().optional().describe('Canonical value in clear, only for exposable dimensions.'),
  observedAtMs: finite.describe('Unix milliseconds when the exporter observed the change.'),
  seq: finite.describe('Per-node monotonically increasing sequence number.'),
  // A cause that does not parse is not trusted, but the change itself still counts.
  cause: ChangeCauseSchema.optional().catch({ kind: 'unknown' }).describe('Who or what caused the change, when known (docs/history.md, "Attribution").'),
});
export type ChangeEvent = z.infer<typeof ChangeEventSchema>;

/** One remediation decision or action step, written to the hash-chained audit log. */
export const AuditRecordSchema = z.object({
  seq: z.number().int().positive().describe('Position in the chain, starting at 1.'),
  atMs: finite.describe('Unix milliseconds.'),
  actor: z.string().describe('Who or what: `plumb-hooks/<replica>` for automatic decisions, the user for approvals.'),
  kind: z.string().describe('e.g. `decision`, `action.started`, `action.succeeded`, `action.failed`, `approval`, `rollback`, `escalation`.'),
  data: z.record(z.string(), z.unknown()).describe('Free-form, secret-free details: alert fingerprint, node, playbook, guardrail checks, result.'),
  prevHash: z.string().describe("The previous record's `hash`, or 64 zeros (`GENESIS_HASH`) for the first record."),
  hash: z.string().describe('sha256 hex over the canonical JSON of this record without `hash`.'),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

/** Where records go. Implementations: JSON-lines stdout/file, Kafka. `write` resolves once durable. */
export interface EventSink<T> {
  write(records: readonly T[]): Promise<void>;
  close(): Promise<void>;
}
