import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '@plumb/core/state/events';
import type { AuditRecordBody } from '../audit/encode';
import { listChanges } from './changes';

const ev = (node: string, workload: string, atMs: number, seq: number): ChangeEvent => ({
  eventId: `${node}:${workload}:d:${seq}`,
  node,
  region: 'r',
  workload,
  dimension: 'd',
  newHash: `h${seq}`,
  observedAtMs: atMs,
  seq,
});
const audit = (node: string, atMs: number, kind: string, workload?: string): AuditRecordBody => ({
  schema: 'plumb.audit/v1',
  chainId: 'c',
  seq: 1,
  atMs,
  actor: 'plumb-hooks/eu',
  kind,
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
  data: { node, actionId: 'act-1', ...(workload ? { workload } : {}) },
});
const events = [ev('n1', 'w', 1_000_000, 1), ev('n2', 'w', 2_000_000, 1), ev('n1', 'w', 3_000_000, 2)];

describe('listChanges', () => {
  it('filters by node and time window, oldest first', () => {
    expect(listChanges(events, [], { node: 'n1', sinceMs: 2_000_000 }).map((r) => r.eventId)).toEqual(['n1:w:d:2']);
  });
  it('attributes a change to a remediation action on the same node just before it', () => {
    const rows = listChanges(events, [audit('n1', 2_900_000, 'action.succeeded')], { node: 'n1' });
    expect(rows.map((r) => r.by)).toEqual(['unattributed', 'plumb-hooks/eu action.succeeded (act-1)']);
  });
  const unexplained: [string, AuditRecordBody][] = [
    ['an action on another node does not explain a change', audit('n2', 2_900_000, 'action.succeeded')],
    ['a decision that is not an action does not explain a change', audit('n1', 2_900_000, 'decision')],
    ['an action after the change does not explain it', audit('n1', 3_100_000, 'action.succeeded')],
    ['an action long before the change does not explain it', audit('n1', 100_000, 'action.succeeded')],
    ['an action on another workload does not explain it', audit('n1', 2_900_000, 'action.succeeded', 'other')],
  ];
  it.each(unexplained)('%s', (_n, a) => {
    expect(listChanges(events, [a], { node: 'n1', sinceMs: 3_000_000 })[0]?.by).toBe('unattributed');
  });
  it('lists a change delivered twice once', () => {
    expect(listChanges([...events, ...events], [])).toHaveLength(3);
  });
});
