import { AssignerProtocol, type Admin } from 'kafkajs';
import type { CommittedOffset, GroupInfo, LogAdmin, PartitionOffsets, TopicSpec } from './port';

/**
 * kafkajs' `ConfigResourceTypes.TOPIC`. Node's ESM loader does not see that export of the
 * CommonJS package, so the protocol value is spelled out.
 */
const TOPIC_RESOURCE = 2;

/** Decodes the consumer protocol's member assignment; a non-consumer group yields no partitions. */
function decodeAssignment(buf: Buffer): Record<string, number[]> {
  if (buf.length === 0) return {};
  try {
    return AssignerProtocol.MemberAssignment.decode(buf)?.assignment ?? {};
  } catch {
    return {};
  }
}

/** {@link LogAdmin} over a connected kafkajs admin client. */
export function kafkajsAdmin(admin: Admin): LogAdmin {
  return {
    listTopics: () => admin.listTopics(),
    async createTopics(specs: readonly TopicSpec[]) {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.name));
      if (missing.length === 0) return [];
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor: s.replicationFactor,
          configEntries: Object.entries(s.config).map(([name, value]) => ({ name, value })),
        })),
      });
      return missing.map((s) => s.name);
    },
    async topicConfig(topic: string, keys: readonly string[]) {
      const res = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: TOPIC_RESOURCE, name: topic, configNames: [...keys] }],
      });
      const out: Record<string, string> = {};
      for (const entry of res.resources[0]?.configEntries ?? []) out[entry.configName] = entry.configValue;
      return out;
    },
    async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
      const rows = await admin.fetchTopicOffsets(topic);
      return rows.map((r) => ({ partition: r.partition, low: Number(r.low), high: Number(r.high) }));
    },
    async offsetsForTime(topic: string, timestampMs: number) {
      const rows = await admin.fetchTopicOffsetsByTimestamp(topic, timestampMs);
      return rows.map((r) => ({ partition: r.partition, offset: Number(r.offset) }));
    },
    async listConsumerGroups() {
      const { groups } = await admin.listGroups();
      return groups.filter((g) => g.protocolType === 'consumer').map((g) => g.groupId);
    },
    async describeGroups(groupIds: readonly string[]): Promise<GroupInfo[]> {
      if (groupIds.length === 0) return [];
      const { groups } = await admin.describeGroups([...groupIds]);
      return groups.map((g) => ({
        groupId: g.groupId,
        state: g.state,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          clientHost: m.clientHost.replace(/^\//, ''),
          assignment: decodeAssignment(m.memberAssignment),
        })),
      }));
    },
    async committedOffsets(groupId: string): Promise<CommittedOffset[]> {
      const topics = await admin.fetchOffsets({ groupId });
      return topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) })));
    },
    close: () => admin.disconnect(),
  };
}
