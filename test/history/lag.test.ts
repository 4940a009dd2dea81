/**
 * The consumer-lag collector against real kafkajs consumers: each partition's reported lag
 * equals what the test produced minus what the consumers processed and committed, and the
 * metrics endpoint exports it with the consumer host as `node`.
 */
import type { AddressInfo } from 'node:net';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectLag } from '@plumb/history/lag/collector';
import { createLagRegistry } from '@plumb/history/lag/metrics';
import { createMetricsServer } from '@plumb/history/lag/server';
import { startTestKafka, type KafkaBroker } from '../support/kafka-broker';
import type { LogAdmin, LogClient } from '@plumb/history/log/port';

const TOPIC = 'orders';
const GROUP = 'settlement-consumers';
/** partition → [produced, consumed and committed]. */
const PLAN: [number, number][] = [
  [50, 20],
  [40, 40],
  [30, 5],
];

let broker: KafkaBroker;
let client: LogClient;
let admin: LogAdmin;
const consumers: Consumer[] = [];
/** What the consumers themselves processed, per partition: the independent figure. */
const processed = new Map<number, number>();

beforeAll(async () => {
  ({ broker, client } = await startTestKafka());
  const kafka = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING, clientId: 'lag-test' });
  const kadmin = kafka.admin();
  await kadmin.connect();
  await kadmin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: PLAN.length, replicationFactor: 1 }] });
  await kadmin.disconnect();

  let joined = 0;
  for (const id of ['consumer-a', 'consumer-b']) {
    const c = kafka.consumer({ groupId: GROUP, maxWaitTimeInMs: 100 });
    consumers.push(c);
    await c.connect();
    await c.subscribe({ topic: TOPIC, fromBeginning: true });
    c.on(c.events.GROUP_JOIN, () => joined++);
    await c.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const done = processed.get(partition) ?? 0;
        if (done >= (PLAN[partition]?.[1] ?? 0)) return;
        processed.set(partition, done + 1);
        await c.commitOffsets([{ topic: TOPIC, partition, offset: String(Number(message.offset) + 1) }]);
      },
    });
    void id;
  }
  const producer = kafka.producer();
  await producer.connect();
  for (const [partition, [produced]] of PLAN.entries()) {
    await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: produced }, (_, i) => ({ partition, value: `m${i}` })) });
  }
  await producer.disconnect();
  const deadline = Date.now() + 60_000;
  while (PLAN.some(([, want], p) => (processed.get(p) ?? 0) < want) || joined < 2) {
    if (Date.now() > deadline) throw new Error(`consumers stuck: ${JSON.stringify([...processed])}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  admin = await client.admin();
  // Wait until the group settles with both members owning every partition.
  for (;;) {
    const [g] = await admin.describeGroups([GROUP]);
    const owned = (g?.members ?? []).flatMap((m) => m.assignment[TOPIC] ?? []);
    if (g?.state === 'Stable' && owned.length === PLAN.length) break;
    if (Date.now() > deadline) throw new Error('group did not stabilise');
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  for (const c of consumers) await c.disconnect().catch(() => undefined);
  await admin?.close().catch(() => undefined);
  await broker?.dispose();
});

describe('consumer-lag collector', () => {
  it('reports produced minus consumed for every partition, with the consumer host as node', async () => {
    const snap = await collectLag(admin, { groupPattern: /^settlement-/ });
    expect(snap.errors).toEqual([]);
    const expected = PLAN.map(([produced], p) => ({ partition: p, lag: produced - (processed.get(p) ?? 0) }));
    expect(expected.map((e) => e.lag)).toEqual([30, 0, 25]);
    expect(snap.rows.map((r) => ({ partition: r.partition, lag: r.lag }))).toEqual(expected);
    for (const r of snap.rows) {
      expect(r.group).toBe(GROUP);
      expect(r.node).toBe('127.0.0.1');
    }
  });

  it('exports the lag and its per-node sum on /metrics', async () => {
    const registry = createLagRegistry(() => collectLag(admin, { resolveNode: (h) => (h === '127.0.0.1' ? 'ip-10-1-0-7' : h) }));
    const server = createMetricsServer(registry);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toContain(`plumb_kafka_consumergroup_lag{group="${GROUP}",topic="${TOPIC}",partition="0",node="ip-10-1-0-7"} 30`);
      expect(text).toContain(`plumb_kafka_consumergroup_lag{group="${GROUP}",topic="${TOPIC}",partition="2",node="ip-10-1-0-7"} 25`);
      expect(text).toContain(`plumb_kafka_consumergroup_lag_sum{group="${GROUP}",node="ip-10-1-0-7"} 55`);
      expect(text).toContain('plumb_kafka_lag_collector_success 1');
      expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
