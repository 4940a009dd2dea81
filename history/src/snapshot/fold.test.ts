import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '@plumb/core/state/events';
import { reconstructConfig } from '../history/reconstruct';
import { emptyState, foldEvent, liveEntries, snapshotOf, stateFromSnapshot } from './fold';
import { decodeSnapshot, encodeSnapshot, GENESIS_DIGEST, snapshotDigest } from './snapshot';

const ev = (seq: number, dimension: string, newHash: string | undefined, at = seq * 1000): ChangeEvent => ({
  eventId: `n1:w:${dimension}:${seq}`,
  node: 'n1',
  region: 'r',
  workload: 'w',
  dimension,
  ...(newHash !== undefined ? { newHash } : {}),
  observedAtMs: at,
  seq,
});

const fold = (events: ChangeEvent[]) => {
  const s = emptyState('n1', 0);
  for (const e of events) foldEvent(s, e);
  return s;
};
const hashes = (events: ChangeEvent[]) => liveEntries(fold(events)).map((e) => `${e.dimension}=${e.hash}`);

describe('folding change events', () => {
  const cases: [string, ChangeEvent[], string[]][] = [
    ['the last hash of each dimension wins', [ev(1, 'a', 'h1'), ev(2, 'b', 'h2'), ev(3, 'a', 'h3')], ['a=h3', 'b=h2']],
    ['an older event reaching the log late does not overwrite a newer one', [ev(1, 'a', 'h1'), ev(3, 'a', 'h3'), ev(2, 'a', 'h2')], ['a=h3']],
    ['a dimension that disappeared is absent', [ev(1, 'a', 'h1'), ev(2, 'a', undefined)], []],
    ['a late older value does not bring back a dimension that disappeared', [ev(1, 'a', 'h1'), ev(3, 'a', undefined), ev(2, 'a', 'h2')], []],
    ['a dimension that comes back after disappearing is present', [ev(1, 'a', 'h1'), ev(2, 'a', undefined), ev(3, 'a', 'h3')], ['a=h3']],
  ];
  it.each(cases)('%s.', (_name, events, expected) => expect(hashes(events)).toEqual(expected));

  it('folds a duplicate delivery once: the digest and the count do not move.', () => {
    const once = fold([ev(1, 'a', 'h1')]);
    const twice = fold([ev(1, 'a', 'h1'), ev(1, 'a', 'h1')]);
    expect(twice.digest).toBe(once.digest);
    expect(twice.eventCount).toBe(1);
    expect(once.digest).toBe(snapshotDigest(GENESIS_DIGEST, 'n1:w:a:1'));
  });

  it('gives, from a snapshot taken at any point plus the events after it, what folding everything gives, and what the full-scan reconstruction gives.', () => {
    let x = 7;
    const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const events = Array.from({ length: 200 }, (_, i) =>
      ev(i + 1, `d${Math.floor(rand() * 6)}`, rand() < 0.1 ? undefined : `h${Math.floor(rand() * 50)}`, (i + 1) * 1000 + Math.floor(rand() * 3000)),
    );
    const all = fold(events);
    const full = reconstructConfig(events, 'n1', Infinity).map((e) => `${e.dimension}=${e.hash}`);
    for (const cut of [0, 1, 57, 123, 199, 200]) {
      const snap = decodeSnapshot(encodeSnapshot(snapshotOf(fold(events.slice(0, cut)), cut * 1000, cut)).value, 'test');
      expect(snap.ok).toBe(true);
      if (!snap.ok) return;
      const resumed = stateFromSnapshot(snap.snapshot);
      for (const e of events.slice(cut)) foldEvent(resumed, e);
      expect(liveEntries(resumed), `cut at ${cut}`).toEqual(liveEntries(all));
      expect(resumed.digest, `cut at ${cut}`).toBe(all.digest);
    }
    expect(liveEntries(all).map((e) => `${e.dimension}=${e.hash}`)).toEqual(full);
  });

  it('names a snapshot record that does not parse and does not trust it.', () => {
    expect(decodeSnapshot('{"schema":"plumb.config-snapshot/v1","node":"n1"}', 'plumb.config-snapshots[2]@9')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^plumb\.config-snapshots\[2\]@9: not a plumb\.config-snapshot\/v1 record/),
    });
  });
});
