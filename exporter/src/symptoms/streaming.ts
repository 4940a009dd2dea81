/**
 * Spark Structured Streaming progress, as posted by the query listener after each
 * micro-batch: per Kafka topic-partition the offset the batch read up to and the latest
 * offset Spark saw. Spark does not commit offsets to Kafka by default, so consumer-group
 * lag cannot see these queries; this is their lag. The last progress of each query is
 * kept for a TTL: a query that stopped reporting has unknown lag (absent), never 0.
 */
import { z } from 'zod';

const name = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\u0000-\u001f]*$/, 'no control characters');
const offset = z.number().int().min(0);

export const StreamingProgressSchema = z
  .strictObject({
    kind: z.literal('streaming'),
    workload: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'a workload name of the spec'),
    query: name.describe('Query name, or its id when unnamed.'),
    batchId: z.number().int().min(0),
    timestampSeconds: z.number().min(0).describe('When the batch was triggered (Unix seconds).'),
    inputRowsPerSecond: z.number().min(0).nullable(),
    processedRowsPerSecond: z.number().min(0).nullable(),
    batchDurationSeconds: z.number().min(0),
    partitions: z
      .array(z.strictObject({ topic: name, partition: z.number().int().min(0), endOffset: offset, latestOffset: offset }))
      .max(5_000)
      .describe("One entry per Kafka topic-partition of the query's sources."),
  })
  .describe('The progress of one micro-batch.');

export type StreamingProgress = z.infer<typeof StreamingProgressSchema>;

export interface GaugeSample {
  labels: Record<string, string>;
  value: number;
}

/** Latest progress per (workload, query), dropped after `ttlMs` without a new one. */
export class StreamingProgressStore {
  private readonly latest = new Map<string, { progress: StreamingProgress; expiresAtMs: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxQueries = 256,
  ) {}

  accept(progress: StreamingProgress, nowMs: number): boolean {
    const key = `${progress.workload}\0${progress.query}`;
    const prev = this.latest.get(key);
    if (!prev && this.live(nowMs).length >= this.maxQueries) return false;
    // Listener events can arrive out of order; an older batch never replaces a newer one.
    if (prev && prev.progress.batchId > progress.batchId) return true;
    this.latest.set(key, { progress, expiresAtMs: nowMs + this.ttlMs });
    return true;
  }

  live(nowMs: number): StreamingProgress[] {
    for (const [key, entry] of this.latest) if (entry.expiresAtMs <= nowMs) this.latest.delete(key);
    return [...this.latest.values()].map((e) => e.progress);
  }

  /** Records behind the latest offset, per query and topic-partition; a reset (end past latest) reads 0. */
  lag(nowMs: number): GaugeSample[] {
    return this.live(nowMs).flatMap((p) =>
      p.partitions.map((t) => ({
        labels: { query: p.query, topic: t.topic, partition: String(t.partition), workload: p.workload },
        value: Math.max(0, t.latestOffset - t.endOffset),
      })),
    );
  }

  perQuery(nowMs: number, pick: (p: StreamingProgress) => number | null): GaugeSample[] {
    return this.live(nowMs).flatMap((p) => {
      const value = pick(p);
      return value === null ? [] : [{ labels: { query: p.query, workload: p.workload }, value }];
    });
  }
}
