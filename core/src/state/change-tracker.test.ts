import { describe, expect, it } from 'vitest';
import { ChangeTracker } from './change-tracker';
import type { NodeIdentity, Observation } from './types';

const node: NodeIdentity = { node: 'n1', region: 'eu-west-1', instanceType: 'm6i.large', pool: 'p', platform: 'host' };
const obs = (hash: string, value?: string): Observation => ({ workload: 'w', dimension: 'd', hash, source: 'test', ...(value !== undefined ? { value } : {}) });

interface Step {
  atMs: number;
  observations: Observation[];
  changesTotal: number | undefined;
  lastChangeSeconds: number | undefined;
  events: { oldHash?: string; newHash?: string; value?: string }[];
}

const scenarios: { name: string; steps: Step[] }[] = [
  {
    name: 'A first observation emits an event without an old hash and counts no change.',
    steps: [{ atMs: 10_000, observations: [obs('aa', 'UTC')], changesTotal: 0, lastChangeSeconds: 10, events: [{ newHash: 'aa', value: 'UTC' }] }],
  },
  {
    name: 'An unchanged hash emits nothing and keeps the last-change time.',
    steps: [
      { atMs: 10_000, observations: [obs('aa')], changesTotal: 0, lastChangeSeconds: 10, events: [{ newHash: 'aa' }] },
      { atMs: 20_000, observations: [obs('aa')], changesTotal: 0, lastChangeSeconds: 10, events: [] },
    ],
  },
  {
    name: 'A changed hash counts a change, moves the timestamp and emits old and new hashes.',
    steps: [
      { atMs: 10_000, observations: [obs('aa')], changesTotal: 0, lastChangeSeconds: 10, events: [{ newHash: 'aa' }] },
      { atMs: 20_000, observations: [obs('bb')], changesTotal: 1, lastChangeSeconds: 20, events: [{ oldHash: 'aa', newHash: 'bb' }] },
      { atMs: 30_000, observations: [obs('aa')], changesTotal: 2, lastChangeSeconds: 30, events: [{ oldHash: 'bb', newHash: 'aa' }] },
    ],
  },
  {
    name: 'A disappearing dimension emits an event without a new hash and counts no change.',
    steps: [
      { atMs: 10_000, observations: [obs('aa')], changesTotal: 0, lastChangeSeconds: 10, events: [{ newHash: 'aa' }] },
      { atMs: 20_000, observations: [], changesTotal: 0, lastChangeSeconds: 10, events: [{ oldHash: 'aa' }] },
      { atMs: 30_000, observations: [obs('aa')], changesTotal: 0, lastChangeSeconds: 10, events: [{ newHash: 'aa' }] },
    ],
  },
  {
    name: 'Two pods that disagree give one joined hash set, and a third pod changes it.',
    steps: [
      { atMs: 10_000, observations: [obs('bb'), obs('aa')], changesTotal: 0, lastChangeSeconds: 10, events: [{ newHash: 'aa,bb' }] },
      { atMs: 20_000, observations: [obs('bb')], changesTotal: 1, lastChangeSeconds: 20, events: [{ oldHash: 'aa,bb', newHash: 'bb' }] },
    ],
  },
];

describe('ChangeTracker', () => {
  it.each(scenarios)('$name', ({ steps }) => {
    const tracker = new ChangeTracker(1_000);
    for (const step of steps) {
      const { changes, events } = tracker.update(node, step.observations, step.atMs);
      expect(changes[0]?.changesTotal).toBe(step.changesTotal);
      expect(changes[0]?.lastChangeSeconds).toBe(step.lastChangeSeconds);
      expect(
        events.map(({ oldHash, newHash, value }) => ({ ...(oldHash ? { oldHash } : {}), ...(newHash ? { newHash } : {}), ...(value ? { value } : {}) })),
      ).toEqual(step.events);
    }
  });

  it('Event ids are unique, name the node and dimension, and sequence numbers increase.', () => {
    const tracker = new ChangeTracker(1_000);
    const a = tracker.update(node, [obs('aa')], 1).events;
    const b = tracker.update(node, [obs('bb')], 2).events;
    const all = [...a, ...b];
    expect(new Set(all.map((e) => e.eventId)).size).toBe(2);
    expect(all[0]?.eventId).toBe(`n1:w:d:${all[0]?.seq}`);
    expect((all[1]?.seq ?? 0) > (all[0]?.seq ?? 0)).toBe(true);
  });

  it('A tracker started later numbers its events above an earlier one, so restarts keep ids unique.', () => {
    const early = new ChangeTracker(1_000).update(node, [obs('aa')], 1).events[0];
    const late = new ChangeTracker(2_000).update(node, [obs('aa')], 1).events[0];
    expect((late?.seq ?? 0) > (early?.seq ?? 0)).toBe(true);
  });
});

describe('change causes', () => {
  const byJane = { kind: 'field-manager', manager: 'jane.doe-hotfix', operation: 'Update', at: '2026-11-30T10:00:00.000Z' } as const;
  it.each([
    { name: 'A change whose observation names a field manager carries that cause on the event and in the tracking.', cause: byJane, expected: byJane },
    { name: 'A change without a known cause carries `unknown`, never nothing.', cause: undefined, expected: { kind: 'unknown' } },
  ])('$name', ({ cause, expected }) => {
    const t = new ChangeTracker(0);
    t.update(node, [obs('aa')], 1_000);
    const { events, changes } = t.update(node, [{ ...obs('bb'), ...(cause ? { cause } : {}) }], 2_000);
    expect(events[0]?.cause).toEqual(expected);
    expect(changes[0]?.lastCause).toEqual(expected);
  });
});
