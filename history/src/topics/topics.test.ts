import { describe, expect, it } from 'vitest';
import { planTopics, ONE_YEAR_MS } from './topics';

describe('planTopics', () => {
  it('creates the change, audit and snapshot topics with one-year delete retention by default, and a compacted checkpoint topic', () => {
    const plan = planTopics();
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.topics.map((t) => t.name)).toEqual(['plumb.config-changes', 'plumb.audit', 'plumb.audit-checkpoints', 'plumb.config-snapshots']);
    expect(plan.topics[2]?.config['cleanup.policy']).toBe('compact');
    for (const t of [plan.topics[0], plan.topics[1], plan.topics[3]].filter((t) => t !== undefined)) {
      expect(t.config['retention.ms']).toBe(String(ONE_YEAR_MS));
      expect(t.config['cleanup.policy']).toBe('delete');
      expect(t.config['retention.bytes']).toBe('-1');
    }
  });

  it("gives the snapshot topic the change topic's partitions, so a node has the same partition number in both", () => {
    const plan = planTopics({ changePartitions: 12 });
    expect(plan.ok && plan.topics.map((t) => t.partitions)).toEqual([12, 3, 3, 12]);
  });

  it('derives min.insync.replicas 2 from replication factor 3, as MSK needs', () => {
    const plan = planTopics({ replicationFactor: 3 });
    expect(plan.ok && plan.topics[0]?.config['min.insync.replicas']).toBe('2');
  });

  const bad: [string, Parameters<typeof planTopics>[0], RegExp][] = [
    ['a retention shorter than a minute is refused', { retentionMs: 1000 }, /retentionMs/],
    ['min ISR above the replication factor is refused', { replicationFactor: 1, minInsyncReplicas: 2 }, /cannot exceed/],
    ['zero partitions are refused', { changePartitions: 0 }, /changePartitions/],
    ['an illegal topic name is refused', { changeTopic: 'has space' }, /legal Kafka topic name/],
    ['the same name for two topics is refused', { changeTopic: 'x', auditTopic: 'x' }, /must differ/],
    ['the checkpoint topic cannot be the audit topic', { checkpointTopic: 'plumb.audit' }, /must differ/],
    ['the snapshot topic cannot be the change topic', { snapshotTopic: 'plumb.config-changes' }, /must differ/],
  ];
  it.each(bad)('%s', (_name, settings, error) => {
    const plan = planTopics(settings);
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.errors.join('\n')).toMatch(error);
  });
});
