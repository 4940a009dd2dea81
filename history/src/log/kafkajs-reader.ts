import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { PartitionRange, ReadOptions, StoredRecord } from './port';

function headersToStrings(h: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) {
    if (v === undefined) continue;
    out[k] = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  }
  return out;
}

/**
 * Reads a whole topic once, up to the end offsets taken at the start. kafkajs has no manual
 * partition assignment, so this uses a throw-away consumer group that never commits and is
 * deleted afterwards.
 */
export async function kafkajsReadTopic(kafka: Kafka, topic: string, onRecord: (r: StoredRecord) => void, opts: ReadOptions = {}): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `plumb-reader-${randomUUID()}`;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const remaining = new Map<number, number>();
    for (const o of offsets) if (Number(o.high) > Number(o.low)) remaining.set(o.partition, Number(o.high));
    if (remaining.size === 0) return;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`reading topic ${topic}: end not reached within ${opts.timeoutMs ?? 120_000} ms`)),
          opts.timeoutMs ?? 120_000,
        );
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const end = remaining.get(batch.partition);
              if (end === undefined) return;
              for (const m of batch.messages) {
                const offset = Number(m.offset);
                if (offset >= end) break;
                onRecord({
                  topic,
                  partition: batch.partition,
                  offset,
                  key: m.key ? m.key.toString('utf8') : null,
                  value: m.value ? m.value.toString('utf8') : null,
                  headers: headersToStrings(m.headers),
                  timestampMs: Number(m.timestamp),
                });
              }
              if (Number(batch.lastOffset()) + 1 >= end) remaining.delete(batch.partition);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

/**
 * Reads offsets `[from, to)` of one partition. Like {@link kafkajsReadTopic} it uses a
 * throw-away group (kafkajs has no manual assignment): subscribed from the end, so the
 * other partitions give nothing, and the one asked for is moved to `from` with `seek`.
 */
export async function kafkajsReadRange(kafka: Kafka, range: PartitionRange, onRecord: (r: StoredRecord) => void, opts: ReadOptions = {}): Promise<void> {
  if (range.to <= range.from) return;
  const { topic, partition, from, to } = range;
  const groupId = `plumb-range-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 50, maxBytesPerPartition: 4 << 20 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: false });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${topic}[${partition}] ${from}..${to}: not done within ${opts.timeoutMs ?? 120_000} ms`)),
        opts.timeoutMs ?? 120_000,
      );
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            if (batch.partition !== partition) return;
            for (const m of batch.messages) {
              const offset = Number(m.offset);
              if (offset < from) continue;
              if (offset >= to) break;
              onRecord({
                topic,
                partition,
                offset,
                key: m.key ? m.key.toString('utf8') : null,
                value: m.value ? m.value.toString('utf8') : null,
                headers: headersToStrings(m.headers),
                timestampMs: Number(m.timestamp),
              });
            }
            if (Number(batch.lastOffset()) + 1 >= to) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
      consumer.seek({ topic, partition, offset: String(from) });
    });
  } finally {
    // The group never commits, so the broker drops it once it is empty: no admin round trip.
    await consumer.disconnect();
  }
}
