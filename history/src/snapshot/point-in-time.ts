/**
 * "Node X's config at T" and "who changed what on node X between T1 and T2", answered from
 * the node's partition only, near T, instead of from the whole year:
 *   1. the node's partition is where the producer's partitioner put its key;
 *   2. its last snapshot at or before T is found in `plumb.config-snapshots` (same key, same
 *      partition number) by reading back from T in widening windows located with Kafka's
 *      offsets-for-times;
 *   3. the change partition is read from the snapshot's `changeOffset` up to the first record
 *      stamped after T + `lateMs` (spooled events carry their observation time), and the
 *      node's events are folded onto the snapshot with the fold the writer uses.
 * With no snapshot at all it folds the node's partition from its start: slower, same answer.
 */
import type { ChangeEvent } from '@plumb/core/state/events';
import { decodeChange } from '../change/encode';
import type { LogAdmin, LogClient, StoredRecord } from '../log/port';
import { foldEvent, liveEntries, stateFromSnapshot, emptyState } from './fold';
import { decodeSnapshot, type ConfigSnapshot, type SnapshotEntry } from './snapshot';

export interface PointInTimeOptions {
  changeTopic: string;
  snapshotTopic: string;
  /** How often the writer snapshots a changed node: the first window searched back from T. */
  snapshotEveryMs: number;
  /** How late a record may reach the log after its observation time (spool replay). Default 10 minutes. */
  lateMs?: number;
}

/** What a query read, so its cost is visible (and a bench can print it). */
export interface QueryCost {
  partition: number;
  snapshotRecordsRead: number;
  changeRecordsRead: number;
  /** The snapshot the answer starts from, when one was found. */
  snapshotAtMs?: number;
}

export interface ConfigAt {
  entries: SnapshotEntry[];
  /** The snapshot the answer continues from (check it with `verifySnapshot`). */
  snapshot?: ConfigSnapshot;
  cost: QueryCost;
  rejected: string[];
}

async function partitionOf(client: LogClient, admin: LogAdmin, topic: string, node: string): Promise<{ partition: number; low: number; high: number }> {
  const offsets = await admin.topicOffsets(topic);
  const partition = client.partitionFor(node, offsets.length);
  const p = offsets.find((o) => o.partition === partition);
  if (!p) throw new Error(`${topic} has no partition ${partition}`);
  return p;
}

async function offsetAt(admin: LogAdmin, topic: string, partition: number, ms: number): Promise<number> {
  const rows = await admin.offsetsForTime(topic, Math.max(0, Math.floor(ms)));
  return rows.find((r) => r.partition === partition)?.offset ?? 0;
}

/** The node's last snapshot stamped at or before `atMs`, searching back in widening windows. */
async function lastSnapshot(client: LogClient, admin: LogAdmin, node: string, atMs: number, o: PointInTimeOptions, cost: QueryCost, rejected: string[]) {
  // No snapshot topic (not initialised yet) is no snapshot: the caller folds from the start.
  const snaps = (await admin.topicOffsets(o.snapshotTopic).catch(() => [])).find((p) => p.partition === cost.partition);
  if (!snaps || snaps.high <= snaps.low) return undefined;
  const to = await offsetAt(admin, o.snapshotTopic, cost.partition, atMs + 1);
  let window = o.snapshotEveryMs * 2;
  let searchedFrom = to;
  while (searchedFrom > snaps.low) {
    const from = Math.max(snaps.low, await offsetAt(admin, o.snapshotTopic, cost.partition, atMs - window));
    let found: ConfigSnapshot | undefined;
    await client.readRange({ topic: o.snapshotTopic, partition: cost.partition, from, to: searchedFrom }, (r) => {
      cost.snapshotRecordsRead++;
      if (r.key !== node) return;
      const d = decodeSnapshot(r.value, `${o.snapshotTopic}[${r.partition}]@${r.offset}`);
      if (!d.ok) rejected.push(d.error);
      else if (d.snapshot.atMs <= atMs && (!found || d.snapshot.atMs >= found.atMs)) found = d.snapshot;
    });
    if (found) return found;
    searchedFrom = from;
    window *= 4;
  }
  return undefined;
}

function nodeEvent(r: StoredRecord, node: string, rejected: string[]): ChangeEvent | undefined {
  if (r.key !== node) return undefined;
  const d = decodeChange(r.value, `${r.topic}[${r.partition}]@${r.offset}`);
  if (!d.ok) rejected.push(d.error);
  return d.ok && d.event.node === node ? d.event : undefined;
}

export async function configAt(client: LogClient, node: string, atMs: number, o: PointInTimeOptions): Promise<ConfigAt> {
  const admin = await client.admin();
  const rejected: string[] = [];
  try {
    const changes = await partitionOf(client, admin, o.changeTopic, node);
    const cost: QueryCost = { partition: changes.partition, snapshotRecordsRead: 0, changeRecordsRead: 0 };
    const snapshot = await lastSnapshot(client, admin, node, atMs, o, cost, rejected);
    // A snapshot pointing outside the partition's retained offsets cannot be continued: fold from the start.
    const usable = snapshot && snapshot.partition === changes.partition && snapshot.changeOffset >= changes.low && snapshot.changeOffset <= changes.high;
    const state = usable ? stateFromSnapshot(snapshot) : emptyState(node, changes.partition);
    if (usable) cost.snapshotAtMs = snapshot.atMs;
    const from = usable ? snapshot.changeOffset : changes.low;
    const to = await offsetAt(admin, o.changeTopic, changes.partition, atMs + (o.lateMs ?? 600_000) + 1);
    await client.readRange({ topic: o.changeTopic, partition: changes.partition, from, to }, (r) => {
      cost.changeRecordsRead++;
      const e = nodeEvent(r, node, rejected);
      if (e && e.observedAtMs <= atMs) foldEvent(state, e);
    });
    return { entries: liveEntries(state), cost, rejected, ...(usable ? { snapshot } : {}) };
  } finally {
    await admin.close();
  }
}

/** The node's change events observed in `[sinceMs, untilMs]`, read from its partition between those times. */
export async function changesBetween(
  client: LogClient,
  node: string,
  sinceMs: number,
  untilMs: number,
  o: Pick<PointInTimeOptions, 'changeTopic' | 'lateMs'>,
): Promise<{ events: ChangeEvent[]; cost: QueryCost; rejected: string[] }> {
  const admin = await client.admin();
  const rejected: string[] = [];
  try {
    const changes = await partitionOf(client, admin, o.changeTopic, node);
    const cost: QueryCost = { partition: changes.partition, snapshotRecordsRead: 0, changeRecordsRead: 0 };
    // Records are stamped with their observation time and written after it, so nothing observed at or after `sinceMs` sits before this offset.
    const from = await offsetAt(admin, o.changeTopic, changes.partition, sinceMs);
    const to = await offsetAt(admin, o.changeTopic, changes.partition, untilMs + (o.lateMs ?? 600_000) + 1);
    const events: ChangeEvent[] = [];
    await client.readRange({ topic: o.changeTopic, partition: changes.partition, from, to }, (r) => {
      cost.changeRecordsRead++;
      const e = nodeEvent(r, node, rejected);
      if (e && e.observedAtMs >= sinceMs && e.observedAtMs <= untilMs) events.push(e);
    });
    return { events, cost, rejected };
  } finally {
    await admin.close();
  }
}
