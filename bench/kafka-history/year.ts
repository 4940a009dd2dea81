/**
 * A year of history on a real local Kafka 3.9 broker, and the time to answer "node X's
 * config at T" with the snapshot index beside the full scan `plumb history` used to do.
 *
 * Scale (a full year at PayWave's rate, 1,000 nodes × 300 changes a day, is 110 M events and
 * ~33 GB; this machine is shared): 1,000 nodes over 365 days, each changing once a day, plus
 * one busy day at PayWave's full rate (300 changes per node). The point-in-time query's cost
 * depends on how dense the node's partition is around T, not on the year's length, so it is
 * measured on the busy day (full density) and on quiet days; the full scan grows with the
 * whole topic, so its time is also extrapolated to the full year by events.
 * Snapshots: every 6 hours on the busy day, weekly on quiet days (a node that did not change
 * needs none; the reader searches back in widening windows).
 *   npx tsx bench/kafka-history/year.ts [--nodes 1000] [--quiet-per-day 1] [--busy-per-day 300] [--queries 5]
 */
import type { ChangeEvent } from '@plumb/core/state/events';
import { encodeChange } from '@plumb/history/change/encode';
import { readChangeEvents } from '@plumb/history/history/read';
import { reconstructConfig } from '@plumb/history/history/reconstruct';
import { kafkajsClient } from '@plumb/history/log/kafkajs-client';
import { SnapshotBook } from '@plumb/history/snapshot/snapshot-book';
import { encodeSnapshot, type ConfigSnapshot } from '@plumb/history/snapshot/snapshot';
import { configAt } from '@plumb/history/snapshot/point-in-time';
import { decodeChange } from '@plumb/history/change/encode';
import { ensureTopics } from '@plumb/history/topics/ensure-topics';
import { CHANGE_TOPIC, SNAPSHOT_TOPIC } from '@plumb/history/topics/topics';
import { startKafka } from '../../scripts/kafka/start';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const NODES = arg('nodes', 1000);
const QUIET_PER_DAY = arg('quiet-per-day', 1);
const BUSY_PER_DAY = arg('busy-per-day', 300);
const QUERIES = arg('queries', 5);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const FULL_YEAR_EVENTS = 1000 * 300 * 365;
const DIMENSIONS = ['spark.sql.shuffle.partitions', 'spark.executor.memory', 'spark.sql.session.timeZone', 'fetch.min.bytes', 'max.poll.records'];
const WORKLOADS = ['spark-batch', 'spark-streaming', 'kafka-consumer', 'airflow-worker'];

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const yearStart = Math.floor((Date.now() - 365 * DAY) / DAY) * DAY + DAY; // inside the one-year retention
const busyDay = yearStart + 200 * DAY;
const rand = rng(17);
const node = (i: number) => `ip-10-${Math.floor(i / 250)}-${i % 250}-7`;

function generate(): ChangeEvent[] {
  const times: { n: number; at: number }[] = [];
  for (let n = 0; n < NODES; n++) {
    for (let d = 0; d < 365; d++) {
      const perDay = yearStart + d * DAY === busyDay ? BUSY_PER_DAY : QUIET_PER_DAY;
      for (let k = 0; k < perDay; k++) times.push({ n, at: yearStart + d * DAY + Math.floor(rand() * DAY) });
    }
  }
  times.sort((a, b) => a.at - b.at);
  const seq = new Array<number>(NODES).fill(0);
  const hashes = new Map<string, string>();
  return times.map(({ n, at }) => {
    const workload = WORKLOADS[n % WORKLOADS.length] as string;
    const dimension = DIMENSIONS[Math.floor(rand() * DIMENSIONS.length)] as string;
    const s = (seq[n] = (seq[n] ?? 0) + 1);
    const key = `${n}/${dimension}`;
    const newHash = Math.floor(rand() * 2 ** 48)
      .toString(16)
      .padStart(16, '0');
    const oldHash = hashes.get(key);
    hashes.set(key, newHash);
    return {
      eventId: `${node(n)}:${workload}:${dimension}:${s}`,
      node: node(n),
      region: 'eu-west-1',
      workload,
      dimension,
      ...(oldHash ? { oldHash } : {}),
      newHash,
      value: String(Math.floor(rand() * 1000)),
      observedAtMs: at,
      seq: s,
    };
  });
}

/** When the history service would have flushed: every 6 h on the busy day, weekly otherwise. */
function nextFlush(afterMs: number): number {
  if (afterMs >= busyDay && afterMs < busyDay + DAY) return Math.floor(afterMs / (6 * HOUR)) * 6 * HOUR + 6 * HOUR;
  const weekly = yearStart + Math.floor((afterMs - yearStart) / (7 * DAY)) * 7 * DAY + 7 * DAY;
  return afterMs < busyDay && weekly > busyDay ? busyDay : weekly;
}

const ms = (t: number) => `${t.toFixed(0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const broker = await startKafka({ heap: '512m' });
try {
  const client = kafkajsClient({ brokers: broker.brokers, clientId: 'plumb-bench-year' });
  const admin = await client.admin();
  await ensureTopics(admin);
  const events = generate();
  process.stdout.write(
    `kafka-history year bench: ${NODES} nodes, ${events.length.toLocaleString('en-US')} events (365 days at ${QUIET_PER_DAY}/node/day, one day at ${BUSY_PER_DAY}/node/day)\n`,
  );

  let t = performance.now();
  const producer = await client.producer();
  for (let i = 0; i < events.length; i += 2000) await producer.send(CHANGE_TOPIC, events.slice(i, i + 2000).map(encodeChange));
  process.stdout.write(`  written in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

  // The history service's snapshots, folded partition by partition in offset order.
  t = performance.now();
  const book = new SnapshotBook();
  const snapshots: ConfigSnapshot[] = [];
  for (const p of await admin.topicOffsets(CHANGE_TOPIC)) {
    let flushAt = 0;
    await client.readRange({ topic: CHANGE_TOPIC, partition: p.partition, from: p.low, to: p.high }, (r) => {
      const d = decodeChange(r.value, `${r.partition}@${r.offset}`);
      if (!d.ok) return;
      if (flushAt === 0) flushAt = nextFlush(d.event.observedAtMs);
      while (d.event.observedAtMs > flushAt) {
        snapshots.push(...book.takeSnapshots(flushAt));
        flushAt = nextFlush(flushAt);
      }
      book.fold(r.partition, r.offset, d.event);
    });
    snapshots.push(...book.takeSnapshots(flushAt));
  }
  snapshots.sort((a, b) => a.atMs - b.atMs);
  for (let i = 0; i < snapshots.length; i += 1000) await producer.send(SNAPSHOT_TOPIC, snapshots.slice(i, i + 1000).map(encodeSnapshot));
  await producer.close();
  process.stdout.write(`  ${snapshots.length.toLocaleString('en-US')} snapshots written in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

  // The full scan: what `plumb history config` did before, for every question.
  t = performance.now();
  const all = await readChangeEvents(client, CHANGE_TOPIC);
  const scanMs = performance.now() - t;

  const cases: { label: string; at: () => number }[] = [
    { label: `busy day (${BUSY_PER_DAY} changes/node/day)`, at: () => busyDay + Math.floor(rand() * DAY) },
    { label: 'quiet day', at: () => yearStart + Math.floor(rand() * 360) * DAY + Math.floor(rand() * DAY) },
  ];
  for (const c of cases) {
    const times: number[] = [];
    const read: number[] = [];
    for (let q = 0; q < QUERIES; q++) {
      const n = node(Math.floor(rand() * NODES));
      const at = c.at();
      const q0 = performance.now();
      const answer = await configAt(client, n, at, { changeTopic: CHANGE_TOPIC, snapshotTopic: SNAPSHOT_TOPIC, snapshotEveryMs: 6 * HOUR });
      times.push(performance.now() - q0);
      read.push(answer.cost.snapshotRecordsRead + answer.cost.changeRecordsRead);
      const expected = reconstructConfig(all.items, n, at).map((e) => `${e.workload}/${e.dimension}=${e.hash}`);
      const got = answer.entries.map((e) => `${e.workload}/${e.dimension}=${e.hash}`);
      if (JSON.stringify(expected) !== JSON.stringify(got))
        throw new Error(`${n} at ${new Date(at).toISOString()}: the index answered ${got.join(',')}, the full scan ${expected.join(',')}`);
    }
    process.stdout.write(
      `  config at T, ${c.label}: median ${ms(median(times))}, max ${ms(Math.max(...times))} (records read: median ${median(read).toLocaleString('en-US')}); answers equal to the full scan\n`,
    );
  }
  const perEvent = scanMs / all.items.length;
  process.stdout.write(
    `  full scan (every question before): ${ms(scanMs)} for ${all.items.length.toLocaleString('en-US')} events; a full PayWave year (${FULL_YEAR_EVENTS.toLocaleString('en-US')} events) at this rate: ${((perEvent * FULL_YEAR_EVENTS) / 60_000).toFixed(0)} min\n`,
  );
  await admin.close();
} finally {
  await broker.dispose();
}
