/**
 * Throughput of the history of record on a local single-node Kafka 3.9 broker:
 *   1. the change sink writing live (batches of 100 events, acks=all, idempotent);
 *   2. spool replay (events spooled during an outage, replayed oldest-first);
 *   3. reading the change topic back (what `plumb history` does).
 * Prints events/s for each. Figures, not assertions: they depend on the machine.
 *   npx tsx bench/kafka-history/run.ts [--events 50000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangeEvent } from '@plumb/core/state/events';
import { KafkaChangeSink } from '@plumb/history/change/change-sink';
import { ChangeSpool } from '@plumb/history/change/spool';
import { readChangeEvents } from '@plumb/history/history/read';
import { kafkajsClient } from '@plumb/history/log/kafkajs-client';
import { ensureTopics } from '@plumb/history/topics/ensure-topics';
import { CHANGE_TOPIC } from '@plumb/history/topics/topics';
import { startKafka } from '../../scripts/kafka/start';

const argEvents = process.argv.indexOf('--events');
const N = argEvents > 0 ? Number(process.argv[argEvents + 1]) : 50_000;
const BATCH = 100;

function events(from: number, count: number): ChangeEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const seq = from + i;
    const node = `ip-10-1-${seq % 250}-${seq % 4}`;
    return {
      eventId: `${node}:spark-batch:spark.sql.shuffle.partitions:${seq}`,
      node,
      region: 'eu-west-1',
      workload: 'spark-batch',
      dimension: 'spark.sql.shuffle.partitions',
      oldHash: (seq - 1).toString(16).padStart(16, '0'),
      newHash: seq.toString(16).padStart(16, '0'),
      value: String(seq % 400),
      observedAtMs: 1_767_000_000_000 + seq,
      seq,
    };
  });
}

const rate = (n: number, ms: number): string => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} events/s`;

const broker = await startKafka();
const dir = mkdtempSync(join(tmpdir(), 'plumb-bench-'));
try {
  const client = kafkajsClient({ brokers: broker.brokers, clientId: 'plumb-bench' });
  const admin = await client.admin();
  await ensureTopics(admin);
  await admin.close();

  const live = new KafkaChangeSink({
    connect: () => client.producer(),
    spool: new ChangeSpool(join(dir, 'live.jsonl'), { maxRecords: 1e6, maxBytes: 1 << 30 }),
  });
  let t = performance.now();
  for (let i = 0; i < N; i += BATCH) await live.write(events(i, BATCH));
  const liveMs = performance.now() - t;
  await live.close();

  const spool = new ChangeSpool(join(dir, 'outage.jsonl'), { maxRecords: 1e6, maxBytes: 1 << 30 });
  t = performance.now();
  for (let i = 0; i < N; i += BATCH) spool.append(events(N + i, BATCH));
  const spoolMs = performance.now() - t;
  const replayer = new KafkaChangeSink({ connect: () => client.producer(), spool, replayBatch: 500 });
  t = performance.now();
  const replayed = await replayer.replay();
  const replayMs = performance.now() - t;
  await replayer.close();

  t = performance.now();
  const back = await readChangeEvents(client, CHANGE_TOPIC);
  const readMs = performance.now() - t;

  process.stdout.write(
    [
      `kafka-history bench: ${N} events per phase, single-node Kafka 3.9 on loopback, batches of ${BATCH}`,
      `  change sink (live, acks=all, idempotent): ${rate(N, liveMs)}`,
      `  spool append during outage (fsync per batch): ${rate(N, spoolMs)}`,
      `  spool replay to the broker (batches of 500): ${rate(replayed, replayMs)}`,
      `  topic read-back (plumb history): ${rate(back.items.length, readMs)} (${back.items.length} events)`,
      '',
    ].join('\n'),
  );
} finally {
  await broker.dispose();
  rmSync(dir, { recursive: true, force: true });
}
