/**
 * Checks a snapshot against the change topic it claims to fold: reads the node's partition
 * below `changeOffset`, folds the node's events with the writer's fold, and compares the
 * digest, the count and the entries. A snapshot that passes is as good as the events; one
 * that does not is not evidence (and `plumb history config --verify` says so).
 */
import { decodeChange } from '../change/encode';
import type { LogClient } from '../log/port';
import { emptyState, foldEvent, liveEntries } from './fold';
import type { ConfigSnapshot } from './snapshot';

export type SnapshotVerdict = { ok: true; eventsFolded: number } | { ok: false; reason: string };

export async function verifySnapshot(client: LogClient, s: ConfigSnapshot, changeTopic: string): Promise<SnapshotVerdict> {
  const admin = await client.admin();
  let low: number;
  try {
    const p = (await admin.topicOffsets(changeTopic)).find((o) => o.partition === s.partition);
    if (!p) return { ok: false, reason: `${changeTopic} has no partition ${s.partition}` };
    if (p.low > 0)
      return {
        ok: false,
        reason: `${changeTopic}[${s.partition}] starts at offset ${p.low}: the events before it are gone, the snapshot cannot be recomputed`,
      };
    if (s.changeOffset > p.high) return { ok: false, reason: `the snapshot covers up to offset ${s.changeOffset}, beyond the partition's end ${p.high}` };
    low = p.low;
  } finally {
    await admin.close();
  }
  const state = emptyState(s.node, s.partition);
  await client.readRange({ topic: changeTopic, partition: s.partition, from: low, to: s.changeOffset }, (r) => {
    if (r.key !== s.node) return;
    const d = decodeChange(r.value, `${r.topic}[${r.partition}]@${r.offset}`);
    if (d.ok && d.event.node === s.node) foldEvent(state, d.event);
  });
  if (state.digest !== s.digest)
    return { ok: false, reason: `digest ${s.digest.slice(0, 12)}… does not match the ${state.eventCount} events in the log (${state.digest.slice(0, 12)}…)` };
  if (state.eventCount !== s.eventCount) return { ok: false, reason: `the snapshot claims ${s.eventCount} events, the log has ${state.eventCount}` };
  if (JSON.stringify(liveEntries(state)) !== JSON.stringify(s.entries)) return { ok: false, reason: 'the entries differ from the events folded' };
  return { ok: true, eventsFolded: state.eventCount };
}
