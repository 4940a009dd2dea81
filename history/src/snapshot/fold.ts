/**
 * Folding change events into per-node state, the one definition both the snapshot writer
 * and the point-in-time reader use. Pure.
 *
 * Events are applied in the order they happened on the node (observed time, then `seq`),
 * whatever order they reached the log in: an event older than the entry it would replace
 * (a spooled event replayed late) never overwrites it. A duplicate (same event id, as
 * at-least-once delivery gives) is folded once.
 */
import type { ChangeEvent } from '@plumb/core/state/events';
import { GENESIS_DIGEST, SNAPSHOT_SCHEMA, snapshotDigest, type ConfigSnapshot, type SnapshotEntry } from './snapshot';

/** Event ids remembered per node to drop duplicates; redeliveries come close together. */
const RECENT_IDS = 256;

export interface NodeState {
  node: string;
  partition: number;
  lastSeq: number;
  eventCount: number;
  digest: string;
  /** `workload\0dimension` → entry, or a tombstone (no hash) for a dimension that disappeared. */
  entries: Map<string, SnapshotEntry | { tombstone: true; sinceMs: number; seq: number }>;
  recent: string[];
}

export function emptyState(node: string, partition: number): NodeState {
  return { node, partition, lastSeq: 0, eventCount: 0, digest: GENESIS_DIGEST, entries: new Map(), recent: [] };
}

/** The state a snapshot records, ready to fold the events after it. */
export function stateFromSnapshot(s: ConfigSnapshot): NodeState {
  const state = emptyState(s.node, s.partition);
  Object.assign(state, { lastSeq: s.lastSeq, eventCount: s.eventCount, digest: s.digest });
  for (const e of s.entries) state.entries.set(`${e.workload}\u0000${e.dimension}`, e);
  return state;
}

const isNewer = (e: ChangeEvent, than: { sinceMs: number; seq: number } | undefined): boolean =>
  than === undefined || e.observedAtMs > than.sinceMs || (e.observedAtMs === than.sinceMs && e.seq > than.seq);

/** Folds one event of the node; false for a duplicate. */
export function foldEvent(state: NodeState, e: ChangeEvent): boolean {
  if (state.recent.includes(e.eventId)) return false;
  state.recent.push(e.eventId);
  if (state.recent.length > RECENT_IDS) state.recent.shift();
  state.digest = snapshotDigest(state.digest, e.eventId);
  state.eventCount += 1;
  state.lastSeq = Math.max(state.lastSeq, e.seq);
  const key = `${e.workload}\u0000${e.dimension}`;
  if (!isNewer(e, state.entries.get(key))) return true;
  if (e.newHash === undefined) state.entries.set(key, { tombstone: true, sinceMs: e.observedAtMs, seq: e.seq });
  else
    state.entries.set(key, {
      workload: e.workload,
      dimension: e.dimension,
      hash: e.newHash,
      ...(e.value !== undefined ? { value: e.value } : {}),
      sinceMs: e.observedAtMs,
      eventId: e.eventId,
      seq: e.seq,
    });
  return true;
}

/** The live entries (tombstones left out), in (workload, dimension) order. */
export function liveEntries(state: NodeState): SnapshotEntry[] {
  return [...state.entries.values()]
    .filter((e): e is SnapshotEntry => !('tombstone' in e))
    .sort((a, b) => a.workload.localeCompare(b.workload) || a.dimension.localeCompare(b.dimension));
}

export function snapshotOf(state: NodeState, atMs: number, changeOffset: number): ConfigSnapshot {
  return {
    schema: SNAPSHOT_SCHEMA,
    node: state.node,
    atMs,
    partition: state.partition,
    changeOffset,
    lastSeq: state.lastSeq,
    eventCount: state.eventCount,
    digest: state.digest,
    entries: liveEntries(state),
  };
}
