import { describe, expect, it } from 'vitest';
import { computeLag, sumLagByNode } from './compute';

const group = {
  groupId: 'settle',
  state: 'Stable',
  members: [
    { memberId: 'a', clientId: 'c1', clientHost: '10.0.0.1', assignment: { t: [0, 1] } },
    { memberId: 'b', clientId: 'c2', clientHost: '10.0.0.2', assignment: { t: [2] } },
  ],
};
const topicOffsets = new Map([
  [
    't',
    [
      { partition: 0, low: 0, high: 100 },
      { partition: 1, low: 0, high: 50 },
      { partition: 2, low: 0, high: 10 },
      { partition: 3, low: 0, high: 7 },
    ],
  ],
]);

describe('computeLag', () => {
  it('subtracts the committed offset from the end offset and names the owning node', () => {
    const rows = computeLag({
      group,
      topicOffsets,
      committed: [
        { topic: 't', partition: 0, offset: 90 },
        { topic: 't', partition: 2, offset: 4 },
      ],
    });
    expect(rows.map((r) => [r.partition, r.node, r.lag])).toEqual([
      [0, '10.0.0.1', 10],
      [2, '10.0.0.2', 6],
    ]);
  });
  it('leaves out partitions the group never committed', () => {
    expect(computeLag({ group, topicOffsets, committed: [{ topic: 't', partition: 1, offset: -1 }] })).toEqual([]);
  });
  it('reports an empty node for a partition no member owns', () => {
    expect(computeLag({ group, topicOffsets, committed: [{ topic: 't', partition: 3, offset: 2 }] })[0]?.node).toBe('');
  });
  it('maps client hosts to node names through the resolver', () => {
    const rows = computeLag({ group, topicOffsets, committed: [{ topic: 't', partition: 0, offset: 0 }] }, (h) => `node-${h}`);
    expect(rows[0]?.node).toBe('node-10.0.0.1');
  });
  it('never reports negative lag after a truncation', () => {
    expect(computeLag({ group, topicOffsets, committed: [{ topic: 't', partition: 2, offset: 15 }] })[0]?.lag).toBe(0);
  });
  it('sums lag per group and node', () => {
    const rows = computeLag({ group, topicOffsets, committed: [0, 1, 2].map((p) => ({ topic: 't', partition: p, offset: 0 })) });
    expect(sumLagByNode(rows)).toEqual([
      { group: 'settle', node: '10.0.0.1', lag: 150 },
      { group: 'settle', node: '10.0.0.2', lag: 10 },
    ]);
  });
});
