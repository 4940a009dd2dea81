/**
 * Where a bounded read of some partitions stands: per partition, the next offset still
 * wanted and the end (exclusive). Pure; the kafkajs reader feeds it batches and group joins.
 *
 * A consumer group can be rebuilt under a running read (kafkajs rejoins after stale
 * metadata or a rebalance) and then starts again from the group's default offset: a seek
 * made before is forgotten, and records already delivered can come again. The tracker
 * answers both: after each join it names the offsets to seek to, and it lets each offset
 * through once, in order. Offsets may have gaps (compacted topics), so any offset at or
 * after the next one wanted counts.
 */
export interface PartitionWindow {
  partition: number;
  from: number;
  to: number;
}

export class ReadProgress {
  private readonly next = new Map<number, number>();
  private readonly end = new Map<number, number>();

  constructor(windows: readonly PartitionWindow[]) {
    for (const w of windows) {
      if (w.to <= w.from) continue;
      this.next.set(w.partition, w.from);
      this.end.set(w.partition, w.to);
    }
  }

  /** True when every partition has reached its end. */
  get done(): boolean {
    return this.next.size === 0;
  }

  /**
   * Whether a batch fetched from `fetchedOffset` continues what was delivered. It does not
   * when the group started again from its default offset after a rejoin, before the seek
   * named by {@link seeks} took effect: such a batch must be dropped whole, since records
   * past the next offset wanted would leave a hole.
   */
  continues(partition: number, fetchedOffset: number): boolean {
    const next = this.next.get(partition);
    return next !== undefined && fetchedOffset <= next;
  }

  /** Whether a record at this offset is new and inside the window; if so it is counted as delivered. */
  accept(partition: number, offset: number): boolean {
    const next = this.next.get(partition);
    const end = this.end.get(partition);
    if (next === undefined || end === undefined || offset < next || offset >= end) return false;
    this.next.set(partition, offset + 1);
    return true;
  }

  /** After a batch that {@link continues}: the broker has nothing up to `lastOffset` left to give. */
  batchEnded(partition: number, lastOffset: number): void {
    const end = this.end.get(partition);
    if (end === undefined) return;
    if (lastOffset + 1 >= end) {
      this.next.delete(partition);
      this.end.delete(partition);
    } else if (lastOffset + 1 > (this.next.get(partition) ?? 0)) {
      // Offsets skipped by the broker (compaction, control records) are not coming back.
      this.next.set(partition, lastOffset + 1);
    }
  }

  /** Where each unfinished partition must be moved to, e.g. after the group was (re)joined. */
  seeks(): { partition: number; offset: number }[] {
    return [...this.next].map(([partition, offset]) => ({ partition, offset }));
  }

  /**
   * Offsets still wanted that the log no longer holds: per unfinished partition whose log
   * now starts (`logStart`, the low watermark) after the next offset wanted, the deleted
   * range `[from, to)`. Retention removed them before the read got there; no seek brings
   * them back.
   */
  deleted(logStart: ReadonlyMap<number, number>): PartitionWindow[] {
    const gaps: PartitionWindow[] = [];
    for (const [partition, next] of this.next) {
      const start = logStart.get(partition);
      if (start !== undefined && start > next) gaps.push({ partition, from: next, to: Math.min(start, this.end.get(partition) ?? start) });
    }
    return gaps;
  }

  /** Unfinished partitions as `p:next..end`, for an error message. */
  describe(): string {
    return [...this.next].map(([p, n]) => `${p}:${n}..${this.end.get(p)}`).join(', ');
  }
}
