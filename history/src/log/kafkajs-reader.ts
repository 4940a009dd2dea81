import { randomUUID } from 'node:crypto';
import type { Admin, Batch, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { ReadProgress } from './read-progress';
import type { PartitionRange, ReadOptions, StoredRecord } from './port';

function headersToStrings(h: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) {
    if (v === undefined) continue;
    out[k] = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  }
  return out;
}

/** {@link ReadOptions}, and the throw-away group's id when a test needs to join it. */
export interface KafkajsReadOptions extends ReadOptions {
  groupId?: string;
}

/** The offset a batch was fetched from (kafkajs keeps it on the batch but leaves it out of its types). */
function fetchedOffset(batch: Batch): number {
  const fetched = (batch as Batch & { fetchedOffset?: string }).fetchedOffset;
  return Number(fetched ?? batch.firstOffset() ?? Number.MAX_SAFE_INTEGER);
}

/** One record of a kafkajs batch as Plumb stores it. */
function toStored(topic: string, partition: number, m: KafkaMessage): StoredRecord {
  return {
    topic,
    partition,
    offset: Number(m.offset),
    key: m.key ? m.key.toString('utf8') : null,
    value: m.value ? m.value.toString('utf8') : null,
    headers: headersToStrings(m.headers),
    timestampMs: Number(m.timestamp),
  };
}

/** Each partition's log start offset (low watermark) now. */
type LogStart = () => Promise<ReadonlyMap<number, number>>;

/** How often a read that delivered nothing asks where the log now starts. */
const STALL_CHECK_MS = 2_000;

const logStartOf =
  (admin: Admin, topic: string): LogStart =>
  async () =>
    new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.low)] as const));

/**
 * Runs `consumer` (already subscribed to `topic`) until `progress` is done. Every group join
 * (the listener is in place before `run`, so the first join too, and any rejoin kafkajs makes
 * on its own) moves each unfinished partition to the next offset still wanted; a batch that does not continue from there is dropped and the
 * seek made again, so each record is delivered once and in order whatever the group does.
 * A read that delivers nothing for {@link STALL_CHECK_MS} asks where the log starts: offsets
 * still wanted that retention has deleted fail the read at once, naming them, instead of
 * waiting for the timeout (kafkajs answers an out-of-range seek by moving elsewhere).
 */
function consumeUntilDone(
  consumer: Consumer,
  topic: string,
  progress: ReadProgress,
  onRecord: (r: StoredRecord) => void,
  timeoutMs: number,
  what: string,
  logStart: LogStart,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let delivered = 0;
    let checked = 0;
    let checking = false;
    const stallCheck = setInterval(() => {
      if (delivered !== checked) return void (checked = delivered);
      if (checking) return;
      checking = true;
      logStart()
        .finally(() => (checking = false))
        .then(
          (starts) => {
            const gaps = progress.deleted(starts);
            if (gaps.length > 0)
              finish(
                new Error(
                  `${what}: offsets ${gaps.map((g) => `${g.partition}:${g.from}..${g.to - 1}`).join(', ')} were deleted (retention) before they were read`,
                ),
              );
          },
          () => undefined, // the timeout still bounds the read
        );
    }, STALL_CHECK_MS);
    const seekAll = () => {
      for (const s of progress.seeks()) consumer.seek({ topic, partition: s.partition, offset: String(s.offset) });
    };
    const timer = setTimeout(() => finish(new Error(`${what}: not done within ${timeoutMs} ms (left: ${progress.describe()})`)), timeoutMs);
    const listeners = [
      consumer.on(consumer.events.GROUP_JOIN, seekAll),
      consumer.on(consumer.events.CRASH, (e) => {
        if (!e.payload.restart) finish(new Error(`${what}: the consumer stopped: ${e.payload.error.message}`));
      }),
    ];
    let finished = false;
    function finish(err?: Error): void {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearInterval(stallCheck);
      for (const remove of listeners) remove();
      if (err) reject(err);
      else resolve();
    }
    consumer
      .run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          if (finished) return;
          const partition = batch.partition;
          if (!progress.continues(partition, fetchedOffset(batch))) {
            // Unwanted partition, or the group restarted elsewhere: go back to the next offset wanted.
            const seek = progress.seeks().find((s) => s.partition === partition);
            if (seek) consumer.seek({ topic, partition, offset: String(seek.offset) });
            return;
          }
          for (const m of batch.messages) {
            if (progress.accept(partition, Number(m.offset))) {
              delivered += 1;
              onRecord(toStored(topic, partition, m));
            }
          }
          progress.batchEnded(partition, Number(batch.lastOffset()));
          if (progress.done) finish();
        },
      })
      .catch((e: unknown) => finish(e instanceof Error ? e : new Error(String(e))));
  });
}

/**
 * Reads a whole topic once, up to the end offsets taken at the start. kafkajs has no manual
 * partition assignment, so this uses a throw-away consumer group that never commits and is
 * deleted afterwards.
 */
export async function kafkajsReadTopic(kafka: Kafka, topic: string, onRecord: (r: StoredRecord) => void, opts: KafkajsReadOptions = {}): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = opts.groupId ?? `plumb-reader-${randomUUID()}`;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const progress = new ReadProgress(offsets.map((o) => ({ partition: o.partition, from: Number(o.low), to: Number(o.high) })));
    if (progress.done) return;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumeUntilDone(consumer, topic, progress, onRecord, opts.timeoutMs ?? 120_000, `reading topic ${topic}`, logStartOf(admin, topic));
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
export async function kafkajsReadRange(kafka: Kafka, range: PartitionRange, onRecord: (r: StoredRecord) => void, opts: KafkajsReadOptions = {}): Promise<void> {
  const { topic, partition, from, to } = range;
  const progress = new ReadProgress([{ partition, from, to }]);
  if (progress.done) return;
  const groupId = opts.groupId ?? `plumb-range-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 50, maxBytesPerPartition: 4 << 20 });
  // Only a stalled read asks the admin API anything; most reads never connect it.
  let admin: Promise<Admin> | undefined;
  const logStart: LogStart = async () => {
    admin ??= (async () => {
      const a = kafka.admin();
      await a.connect();
      return a;
    })();
    return logStartOf(await admin, topic)();
  };
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: false });
    await consumeUntilDone(consumer, topic, progress, onRecord, opts.timeoutMs ?? 120_000, `reading ${topic}[${partition}] ${from}..${to}`, logStart);
  } finally {
    // The group never commits, so the broker drops it once it is empty: no group to delete.
    await consumer.disconnect();
    await (await admin?.catch(() => undefined))?.disconnect();
  }
}
