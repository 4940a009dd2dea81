/**
 * A per-node configuration snapshot on `plumb.config-snapshots`: the node's configuration
 * folded from every change event of its partition before `changeOffset`, and the proof of
 * which events those were. Pure.
 *
 * Verifiable: `digest` is a hash chain over the event ids folded, in fold order, continued
 * from the node's previous snapshot (`GENESIS_DIGEST` before the first). Anyone who reads
 * the node's events from the change topic can recompute it (`snapshotDigest`) and must get
 * the same value; a snapshot whose digest does not match is not evidence.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const SNAPSHOT_SCHEMA = 'plumb.config-snapshot/v1';
export const GENESIS_DIGEST = '0'.repeat(64);

const EntrySchema = z.object({
  workload: z.string().min(1),
  dimension: z.string().min(1),
  hash: z.string().min(1),
  value: z.string().optional(),
  sinceMs: z.number(),
  eventId: z.string().min(1),
  seq: z.number(),
});
export type SnapshotEntry = z.infer<typeof EntrySchema>;

export const SnapshotSchema = z.object({
  schema: z.literal(SNAPSHOT_SCHEMA),
  node: z.string().min(1).describe('The node; also the record key, so it shares the partition number of its change events.'),
  atMs: z.number().describe('When the snapshot was taken: every event folded was observed at or before it.'),
  partition: z.number().int().nonnegative().describe("The node's partition of the change topic."),
  changeOffset: z.number().int().nonnegative().describe('Every event of the node in that partition below this offset is folded in; none at or above it.'),
  lastSeq: z.number().describe('Highest `seq` folded (0 when none).'),
  eventCount: z.number().int().nonnegative().describe('Events of the node folded since its first, duplicates excluded.'),
  digest: z.string().length(64).describe('sha256 chain over the folded event ids, from GENESIS_DIGEST.'),
  entries: z.array(EntrySchema).describe('The configuration at `atMs`, one entry per (workload, dimension).'),
});
export type ConfigSnapshot = z.infer<typeof SnapshotSchema>;

/** The chain step: the digest after folding `eventId` onto `previous`. */
export function snapshotDigest(previous: string, eventId: string): string {
  return createHash('sha256').update(previous).update('\n').update(eventId).digest('hex');
}

export function encodeSnapshot(s: ConfigSnapshot): { key: string; value: string; timestampMs: number } {
  return { key: s.node, value: JSON.stringify(s), timestampMs: s.atMs };
}

/** Parses a snapshot record; a record that does not parse is named, never trusted. */
export function decodeSnapshot(value: string | null, where: string): { ok: true; snapshot: ConfigSnapshot } | { ok: false; error: string } {
  if (value === null) return { ok: false, error: `${where}: empty record` };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return { ok: false, error: `${where}: not JSON` };
  }
  const parsed = SnapshotSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      error: `${where}: not a ${SNAPSHOT_SCHEMA} record (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`,
    };
  return { ok: true, snapshot: parsed.data };
}
