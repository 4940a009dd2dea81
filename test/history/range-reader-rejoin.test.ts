/**
 * The bounded readers on a real Kafka 3.9 broker when kafkajs rebuilds their throw-away
 * group mid-read (a rebalance, a rejoin after stale metadata). A rebuilt group starts again
 * from its default offset and forgets the reader's seek; the readers must still deliver
 * every record of the range once, in order, instead of waiting for records that already
 * passed (the timeout seen once in CI on `plumb.config-changes[1] 0..575`).
 *
 * The rejoin is forced deterministically: a second member whose client id sorts first joins
 * the reader's group, so kafkajs's round-robin assignor gives it the only partition while
 * records are written, then it leaves and the reader gets the partition back in a new
 * generation.
 *
 * A range whose first offsets retention has deleted (an index older than the topic's
 * retention) fails at once with the deleted offsets named.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { kafkajsReadRange } from '@plumb/history/log/kafkajs-reader';
import type { StoredRecord } from '@plumb/history/log/port';
import { startTestKafka, type KafkaBroker } from '../support/kafka-broker';

let broker: KafkaBroker;
let reader: Kafka;
let intruder: Kafka;

beforeAll(async () => {
  ({ broker } = await startTestKafka());
  reader = new Kafka({ brokers: broker.brokers, clientId: 'zz-plumb-reader', logLevel: logLevel.NOTHING });
  intruder = new Kafka({ brokers: broker.brokers, clientId: 'aa-intruder', logLevel: logLevel.NOTHING });
}, 120_000);

afterAll(async () => broker?.dispose(), 60_000);

async function newTopic(): Promise<string> {
  const topic = `rejoin-${randomUUID()}`;
  const admin = reader.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
  await admin.disconnect();
  return topic;
}

async function write(topic: string, from: number, to: number): Promise<void> {
  const producer = reader.producer();
  await producer.connect();
  const messages = Array.from({ length: to - from }, (_, i) => ({ key: 'k', value: `v${from + i}` }));
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
}

/** Joins `groupId` as a member that takes the partition (its id sorts first); resolves once it holds it. */
async function joinAndHold(groupId: string, topic: string): Promise<Consumer> {
  const c = intruder.consumer({ groupId, maxWaitTimeInMs: 50 });
  await c.connect();
  await c.subscribe({ topic, fromBeginning: false });
  const holding = new Promise<void>((resolve) =>
    c.on(c.events.GROUP_JOIN, (e) => {
      if ((e.payload.memberAssignment[topic] ?? []).length > 0) resolve();
    }),
  );
  // Takes nothing: no offset is ever resolved or committed, so the group keeps no position.
  await c.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
  await holding;
  return c;
}

/**
 * Reads `[0, 40)` of a fresh topic that holds only `[0, 20)` when the read starts; once the
 * reader has those 20, another member takes the partition, `[20, 40)` is written, and the
 * member leaves. Returns the values delivered.
 */
async function readAcrossRejoin(read: (topic: string, groupId: string, onRecord: (r: StoredRecord) => void) => Promise<void>): Promise<string[]> {
  const topic = await newTopic();
  await write(topic, 0, 20);
  const groupId = `plumb-range-${randomUUID()}`;
  const values: string[] = [];
  let firstTwenty!: () => void;
  const gotFirstTwenty = new Promise<void>((r) => (firstTwenty = r));
  const reading = read(topic, groupId, (r) => {
    values.push(r.value ?? '');
    if (values.length === 20) firstTwenty();
  });
  await Promise.race([gotFirstTwenty, reading]);
  const other = await joinAndHold(groupId, topic);
  await write(topic, 20, 40);
  await other.disconnect();
  await reading;
  return values;
}

const expected = Array.from({ length: 40 }, (_, i) => `v${i}`);

describe('bounded reads survive a rebuilt consumer group', () => {
  it('a range read delivers every record once, in order, after the group was rebuilt mid-read', async () => {
    const values = await readAcrossRejoin((topic, groupId, onRecord) =>
      kafkajsReadRange(reader, { topic, partition: 0, from: 0, to: 40 }, onRecord, { groupId, timeoutMs: 60_000 }),
    );
    expect(values).toEqual(expected);
  }, 120_000);

  it('a failed read names what it still waited for', async () => {
    const topic = await newTopic();
    await write(topic, 0, 3);
    await expect(kafkajsReadRange(reader, { topic, partition: 0, from: 1, to: 9 }, () => undefined, { timeoutMs: 5_000 })).rejects.toThrow(
      /not done within 5000 ms \(left: 0:3\.\.9\)/,
    );
  }, 60_000);
});

describe('a bounded read whose records retention deleted', () => {
  it('fails at once naming the deleted offsets, instead of waiting for records the log no longer holds', async () => {
    const topic = await newTopic();
    await write(topic, 0, 20);
    const admin = reader.admin();
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: [topic] }); // deleteTopicRecords needs the partition's leader known
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '10' }] });
    await admin.disconnect();
    const values: string[] = [];
    // The timeout is far beyond the stall check: only the check can produce this message.
    await expect(kafkajsReadRange(reader, { topic, partition: 0, from: 0, to: 20 }, (r) => values.push(r.value ?? ''), { timeoutMs: 60_000 })).rejects.toThrow(
      /offsets 0:0\.\.9 were deleted \(retention\) before they were read/,
    );
    expect(values).toEqual([]);
  }, 120_000);
});
