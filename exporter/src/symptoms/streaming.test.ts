import { describe, expect, it } from 'vitest';
import { StreamingProgressSchema, StreamingProgressStore, type StreamingProgress } from './streaming';

const progress = (batchId: number, partitions: [number, number, number][], query = 'enricher'): StreamingProgress => ({
  kind: 'streaming',
  workload: 'spark-streaming',
  query,
  batchId,
  timestampSeconds: 1_700_000_000 + batchId,
  inputRowsPerSecond: 100,
  processedRowsPerSecond: null,
  batchDurationSeconds: 0.5,
  partitions: partitions.map(([partition, endOffset, latestOffset]) => ({ topic: 'payments', partition, endOffset, latestOffset })),
});

describe('StreamingProgressStore', () => {
  it('Lag is the latest offset minus the end offset, per topic-partition.', () => {
    const s = new StreamingProgressStore(60_000);
    s.accept(
      progress(1, [
        [0, 100, 400],
        [1, 50, 50],
      ]),
      0,
    );
    expect(s.lag(1).map((l) => [l.labels.partition, l.value])).toEqual([
      ['0', 300],
      ['1', 0],
    ]);
  });
  it('An older batch arriving late does not replace a newer one.', () => {
    const s = new StreamingProgressStore(60_000);
    s.accept(progress(5, [[0, 400, 400]]), 0);
    s.accept(progress(4, [[0, 100, 400]]), 1);
    expect(s.lag(2)[0]?.value).toBe(0);
  });
  it('A query that stops reporting has unknown lag (no series), not 0.', () => {
    const s = new StreamingProgressStore(10_000);
    s.accept(progress(1, [[0, 100, 400]]), 0);
    expect(s.lag(9_999)).toHaveLength(1);
    expect(s.lag(10_000)).toEqual([]);
  });
  it('A missing rate is not rendered as 0.', () => {
    const s = new StreamingProgressStore(10_000);
    s.accept(progress(1, []), 0);
    expect(s.perQuery(1, (p) => p.processedRowsPerSecond)).toEqual([]);
    expect(s.perQuery(1, (p) => p.inputRowsPerSecond)).toEqual([{ labels: { query: 'enricher', workload: 'spark-streaming' }, value: 100 }]);
  });
  it('The number of queries is bounded.', () => {
    const s = new StreamingProgressStore(10_000, 1);
    expect(s.accept(progress(1, [], 'a'), 0)).toBe(true);
    expect(s.accept(progress(1, [], 'b'), 0)).toBe(false);
  });
});

describe('StreamingProgressSchema', () => {
  it.each([
    { name: 'A negative offset is refused.', patch: { partitions: [{ topic: 't', partition: 0, endOffset: -1, latestOffset: 0 }] } },
    { name: 'A query name with a newline is refused.', patch: { query: 'a\nb' } },
    { name: 'A negative batch duration is refused.', patch: { batchDurationSeconds: -1 } },
  ])('$name', ({ patch }) => {
    expect(StreamingProgressSchema.safeParse({ ...progress(1, []), ...patch }).success).toBe(false);
  });
});
