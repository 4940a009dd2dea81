import type { LogAdmin, PartitionOffsets } from '../log/port';
import { computeLag, type LagRow, type NodeResolver } from './compute';

/** Which groups to report. */
export interface LagCollectorOptions {
  /** Only groups whose id matches; all consumer groups when absent. */
  groupPattern?: RegExp;
  resolveNode?: NodeResolver;
}

/** Outcome of one collection; a failed group is named in `errors` and the others still count. */
export interface LagSnapshot {
  rows: LagRow[];
  errors: string[];
}

/**
 * Reads committed offsets, end offsets and group members through the admin API and
 * computes lag for every matching consumer group.
 */
export async function collectLag(admin: LogAdmin, opts: LagCollectorOptions = {}): Promise<LagSnapshot> {
  const groupIds = (await admin.listConsumerGroups()).filter((g) => !opts.groupPattern || opts.groupPattern.test(g)).sort();
  const groups = await admin.describeGroups(groupIds);
  const topicOffsets = new Map<string, PartitionOffsets[]>();
  const rows: LagRow[] = [];
  const errors: string[] = [];
  for (const group of groups) {
    try {
      const committed = await admin.committedOffsets(group.groupId);
      for (const topic of new Set(committed.map((c) => c.topic))) {
        if (!topicOffsets.has(topic)) topicOffsets.set(topic, await admin.topicOffsets(topic));
      }
      rows.push(...computeLag({ group, committed, topicOffsets }, opts.resolveNode));
    } catch (err) {
      errors.push(`group ${group.groupId}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { rows, errors };
}
