/**
 * "Node X's config at T" and "what changed on X between T1 and T2" from the snapshot topic
 * and the node's partition, on a real Kafka 3.9 broker: the answers equal the full-scan
 * reconstruction while reading a small part of the log, and each snapshot recomputes from
 * the change events it claims to fold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '@plumb/core/state/events';
import { encodeChange } from '@plumb/history/change/encode';
import { readChangeEvents } from '@plumb/history/history/read';
import { reconstructConfig } from '@plumb/history/history/reconstruct';
import type { LogClient } from '@plumb/history/log/port';
import { changesBetween, configAt } from '@plumb/history/snapshot/point-in-time';
import { SnapshotWriter } from '@plumb/history/snapshot/writer';
import { runHistoryCli } from '@plumb/history/cli';
import { verifySnapshot } from '@plumb/history/snapshot/verify';
import { CHANGE_TOPIC, SNAPSHOT_TOPIC } from '@plumb/history/topics/topics';
import { startTestKafka, type KafkaBroker } from '../support/kafka-broker';

const HOUR = 3_600_000;
const DAYS = 8;
const NODES = 24;
const start = Math.floor((Date.now() - 30 * 24 * HOUR) / HOUR) * HOUR;
const nodeName = (i: number) => `ip-10-9-${i}-1`;

/** Every node changes one of 4 dimensions every ~40 minutes, for 8 days. */
function history(): ChangeEvent[] {
  const out: ChangeEvent[] = [];
  let x = 11;
  const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let n = 0; n < NODES; n++)
    for (let k = 0, at = start; at < start + DAYS * 24 * HOUR; k++, at += 30 * 60_000 + Math.floor(rand() * 20 * 60_000)) {
      const dimension = `dim.${Math.floor(rand() * 4)}`;
      out.push({
        eventId: `${nodeName(n)}:w:${dimension}:${k + 1}`,
        node: nodeName(n),
        region: 'eu-west-1',
        workload: 'w',
        dimension,
        newHash: `h${k}`,
        observedAtMs: at,
        seq: k + 1,
      });
    }
  return out.sort((a, b) => a.observedAtMs - b.observedAtMs);
}

let broker: KafkaBroker;
let client: LogClient;
const events = history();
const options = { changeTopic: CHANGE_TOPIC, snapshotTopic: SNAPSHOT_TOPIC, snapshotEveryMs: 6 * HOUR };

beforeAll(async () => {
  ({ broker, client } = await startTestKafka({ topics: true }));
  const producer = await client.producer();
  // Written in time order in two halves; the history service snapshots at the 6-hour marks in between.
  for (let i = 0; i < events.length; i += 500) await producer.send(CHANGE_TOPIC, events.slice(i, i + 500).map(encodeChange));
  const writer = new SnapshotWriter(producer, SNAPSHOT_TOPIC);
  const admin = await client.admin();
  for (const p of await admin.topicOffsets(CHANGE_TOPIC)) {
    const records: Parameters<SnapshotWriter['fold']>[0][] = [];
    await client.readRange({ topic: CHANGE_TOPIC, partition: p.partition, from: p.low, to: p.high }, (r) => records.push(r));
    let flushAt = start + 6 * HOUR;
    for (const r of records) {
      const at = JSON.parse(r.value ?? '{}').observedAtMs as number;
      while (at > flushAt) {
        await writer.flush(flushAt);
        flushAt += 6 * HOUR;
      }
      writer.fold(r);
    }
    await writer.flush(flushAt);
  }
  await admin.close();
  await producer.close();
}, 180_000);

afterAll(async () => broker?.dispose(), 60_000);

describe('point-in-time history from snapshots', () => {
  const asked = [
    [3, 2.5 * 24 * HOUR],
    [17, 6 * 24 * HOUR + 7 * 60_000],
    [5, 10 * HOUR],
    [22, 7.9 * 24 * HOUR],
  ] as const;

  it.each(asked)("answers node %i's config at start + %i ms as the full scan does, from a snapshot and a few hours of one partition", async (n, offsetMs) => {
    const at = start + offsetMs;
    const answer = await configAt(client, nodeName(n), at, options);
    const expected = reconstructConfig(events, nodeName(n), at).map((e) => `${e.dimension}=${e.hash}`);
    expect(answer.entries.map((e) => `${e.dimension}=${e.hash}`)).toEqual(expected);
    expect(answer.cost.snapshotAtMs).toBeGreaterThan(at - 12 * HOUR);
    // One partition of six, a few hours of it, against the whole topic.
    expect(answer.cost.changeRecordsRead).toBeLessThan(events.length / 30);
    expect(answer.rejected).toEqual([]);
  });

  it('answers from the start of the partition, the same, when there is no snapshot at or before the time asked', async () => {
    const at = start + 3 * HOUR;
    const answer = await configAt(client, nodeName(8), at, options);
    expect(answer.cost.snapshotAtMs).toBeUndefined();
    expect(answer.entries.map((e) => e.hash)).toEqual(reconstructConfig(events, nodeName(8), at).map((e) => e.hash));
  });

  it("lists the node's changes between two times as the full scan does, reading only that window of its partition", async () => {
    const since = start + 3 * 24 * HOUR;
    const until = since + 5 * HOUR;
    const found = await changesBetween(client, nodeName(11), since, until, options);
    const expected = events.filter((e) => e.node === nodeName(11) && e.observedAtMs >= since && e.observedAtMs <= until).map((e) => e.eventId);
    expect(found.events.map((e) => e.eventId)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(4);
    expect(found.cost.changeRecordsRead).toBeLessThan(events.length / 30);
  });

  it('uses snapshots that recompute from the change events they claim to fold, and refuses one that was altered', async () => {
    const answer = await configAt(client, nodeName(3), start + 5 * 24 * HOUR, options);
    const snapshot = answer.snapshot;
    expect(snapshot).toBeDefined();
    if (!snapshot) return;
    expect(await verifySnapshot(client, snapshot, CHANGE_TOPIC)).toEqual({ ok: true, eventsFolded: snapshot.eventCount });
    const first = snapshot.entries[0];
    if (!first) throw new Error('empty snapshot');
    const altered = { ...snapshot, entries: [{ ...first, hash: 'forged' }, ...snapshot.entries.slice(1)] };
    expect(await verifySnapshot(client, altered, CHANGE_TOPIC)).toMatchObject({ ok: false, reason: 'the entries differ from the events folded' });
    const dropped = { ...snapshot, changeOffset: snapshot.changeOffset - 40 };
    expect(await verifySnapshot(client, dropped, CHANGE_TOPIC)).toMatchObject({ ok: false });
  });

  it('snapshots every node now with `plumb history snapshot`, and a query at now starts from those snapshots', async () => {
    const out: string[] = [];
    expect(await runHistoryCli(['snapshot'], { client, out: (s) => void out.push(s), err: () => undefined })).toBe(0);
    expect(out.join('')).toBe(`wrote ${NODES} snapshot(s) to ${SNAPSHOT_TOPIC}\n`);
    const now = Date.now();
    const answer = await configAt(client, nodeName(9), now, options);
    expect(answer.cost.snapshotAtMs).toBeGreaterThan(now - 60_000);
    expect(answer.entries.map((e) => e.hash)).toEqual(reconstructConfig(events, nodeName(9), now).map((e) => e.hash));
  });

  it('reads the whole change topic in a full scan, which the snapshots avoid', async () => {
    expect((await readChangeEvents(client, CHANGE_TOPIC)).items).toHaveLength(events.length);
  });
});
