import { describe, expect, it } from 'vitest';
import { mayTake, type Observation } from './lease';

const seen = (holder: string | undefined, sinceMs: number): Observation => ({ holder, sinceMs });

describe('mayTake judges expiry by the local monotonic clock only', () => {
  it.each([
    ['takes a lease nobody holds', undefined, 'a', 0, true],
    ['keeps its own lease', seen('a', 0), 'a', 1_000, true],
    ["leaves another replica's lease alone while it has been seen unchanged for less than the duration", seen('b', 10_000), 'a', 20_000, false],
    ['takes over once the record has stayed unchanged for longer than the duration', seen('b', 10_000), 'a', 25_001, true],
    ['takes a released lease', seen(undefined, 10_000), 'a', 11_000, true],
  ])('%s', (_n, s, me, now, ok) => expect(mayTake(s, me, now, 15_000)).toBe(ok));
});
