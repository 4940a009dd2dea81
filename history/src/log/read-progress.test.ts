import { describe, expect, it } from 'vitest';
import { ReadProgress } from './read-progress';

/** Feeds one batch the way the kafkajs reader does; returns the offsets delivered. */
function feed(p: ReadProgress, partition: number, fetchedFrom: number, offsets: number[]): number[] | 'reseek' {
  if (!p.continues(partition, fetchedFrom)) return 'reseek';
  const delivered = offsets.filter((o) => p.accept(partition, o));
  p.batchEnded(partition, offsets.length ? offsets[offsets.length - 1]! : fetchedFrom - 1);
  return delivered;
}

describe('ReadProgress', () => {
  it('delivers each offset of the window once, in order, and is done at the end', () => {
    const p = new ReadProgress([{ partition: 1, from: 3, to: 8 }]);
    expect(feed(p, 1, 3, [3, 4, 5])).toEqual([3, 4, 5]);
    expect(p.done).toBe(false);
    expect(feed(p, 1, 6, [6, 7, 8, 9])).toEqual([6, 7]);
    expect(p.done).toBe(true);
  });

  it('after a rejoin, names the next offset still wanted, not the start', () => {
    const p = new ReadProgress([
      { partition: 0, from: 0, to: 10 },
      { partition: 2, from: 5, to: 6 },
    ]);
    feed(p, 0, 0, [0, 1, 2, 3]);
    expect(p.seeks()).toEqual([
      { partition: 0, offset: 4 },
      { partition: 2, offset: 5 },
    ]);
  });

  it('drops a batch replayed from the start after a rejoin: nothing is delivered twice', () => {
    const p = new ReadProgress([{ partition: 0, from: 0, to: 6 }]);
    feed(p, 0, 0, [0, 1, 2]);
    expect(feed(p, 0, 0, [0, 1, 2, 3])).toEqual([3]);
    expect(feed(p, 0, 4, [4, 5])).toEqual([4, 5]);
    expect(p.done).toBe(true);
  });

  it('refuses a batch fetched past the next offset wanted (the group restarted at its end): no hole, no false end', () => {
    const p = new ReadProgress([{ partition: 0, from: 0, to: 575 }]);
    feed(p, 0, 0, [0, 1, 2]);
    expect(feed(p, 0, 900, [900, 901])).toBe('reseek');
    expect(p.done).toBe(false);
    expect(p.seeks()).toEqual([{ partition: 0, offset: 3 }]);
  });

  it('counts offsets a compacted partition no longer has as passed', () => {
    const p = new ReadProgress([{ partition: 0, from: 0, to: 10 }]);
    expect(feed(p, 0, 0, [0, 4, 7])).toEqual([0, 4, 7]);
    expect(feed(p, 0, 8, [9])).toEqual([9]);
    expect(p.done).toBe(true);
  });

  it('ignores partitions outside the read and empty windows', () => {
    const p = new ReadProgress([
      { partition: 0, from: 4, to: 4 },
      { partition: 1, from: 0, to: 1 },
    ]);
    expect(p.seeks()).toEqual([{ partition: 1, offset: 0 }]);
    expect(feed(p, 3, 0, [0])).toBe('reseek');
    expect(p.describe()).toBe('1:0..1');
  });

  it('names the offsets still wanted that the log no longer holds, and nothing while the log still has them', () => {
    const p = new ReadProgress([
      { partition: 0, from: 0, to: 10 },
      { partition: 1, from: 0, to: 4 },
      { partition: 2, from: 5, to: 9 },
    ]);
    feed(p, 0, 0, [0, 1, 2]);
    expect(
      p.deleted(
        new Map([
          [0, 3],
          [1, 0],
          [2, 5],
        ]),
      ),
    ).toEqual([]);
    expect(
      p.deleted(
        new Map([
          [0, 7],
          [1, 9],
          [3, 100],
        ]),
      ),
    ).toEqual([
      { partition: 0, from: 3, to: 7 },
      { partition: 1, from: 0, to: 4 },
    ]);
  });
});
