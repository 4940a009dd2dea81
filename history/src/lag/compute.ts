/**
 * Consumer lag from offsets. Pure.
 *
 * Lag of a partition = end offset (high watermark) − the group's committed offset. The
 * member that owns the partition gives the `node` label (its client host). Partitions the
 * group never committed are left out: their lag depends on the consumer's
 * `auto.offset.reset`, which the broker does not know.
 */
import type { CommittedOffset, GroupInfo, PartitionOffsets } from '../log/port';

/** One partition's lag for one group. `node` is empty when no member owns the partition. */
export interface LagRow {
  group: string;
  topic: string;
  partition: number;
  node: string;
  committed: number;
  high: number;
  lag: number;
}

/** Everything known about one group at one instant. */
export interface GroupOffsets {
  group: GroupInfo;
  committed: readonly CommittedOffset[];
  /** topic → end offsets of its partitions. */
  topicOffsets: ReadonlyMap<string, readonly PartitionOffsets[]>;
}

/** Maps a client host (an IP or host name) to the node label; identity by default. */
export type NodeResolver = (clientHost: string) => string;

export function computeLag(g: GroupOffsets, resolveNode: NodeResolver = (h) => h): LagRow[] {
  const owner = new Map<string, string>();
  for (const m of g.group.members) {
    for (const [topic, partitions] of Object.entries(m.assignment)) {
      for (const p of partitions) owner.set(`${topic}\u0000${p}`, resolveNode(m.clientHost));
    }
  }
  const rows: LagRow[] = [];
  for (const c of g.committed) {
    if (c.offset < 0) continue;
    const end = g.topicOffsets.get(c.topic)?.find((o) => o.partition === c.partition);
    if (!end) continue;
    rows.push({
      group: g.group.groupId,
      topic: c.topic,
      partition: c.partition,
      node: owner.get(`${c.topic}\u0000${c.partition}`) ?? '',
      committed: c.offset,
      high: end.high,
      // A committed offset past the end only happens after truncation; report no lag then.
      lag: Math.max(0, end.high - c.offset),
    });
  }
  return rows.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/** Sum of lag by (group, node), for `plumb_kafka_consumergroup_lag_sum`. */
export function sumLagByNode(rows: readonly LagRow[]): { group: string; node: string; lag: number }[] {
  const sums = new Map<string, { group: string; node: string; lag: number }>();
  for (const r of rows) {
    const k = `${r.group}\u0000${r.node}`;
    const cur = sums.get(k) ?? { group: r.group, node: r.node, lag: 0 };
    cur.lag += r.lag;
    sums.set(k, cur);
  }
  return [...sums.values()];
}
