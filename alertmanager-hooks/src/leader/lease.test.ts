import { describe, expect, it } from 'vitest';
import { V1MicroTime, type V1Lease } from '@kubernetes/client-node';
import { canAcquire } from './lease';

const lease = (holder: string | undefined, renewedMs: number): V1Lease => ({
  spec: { holderIdentity: holder, renewTime: new V1MicroTime(renewedMs), leaseDurationSeconds: 15 },
});

describe('canAcquire', () => {
  it.each([
    ['takes a lease nobody holds', undefined, 'a', 0, true],
    ['keeps its own lease', lease('a', 0), 'a', 1_000, true],
    ['leaves a fresh lease of another replica alone', lease('b', 10_000), 'a', 20_000, false],
    ['takes over an expired lease', lease('b', 10_000), 'a', 25_001, true],
    ['takes a released lease', lease(undefined, 10_000), 'a', 11_000, true],
  ])('%s', (_n, l, me, now, ok) => expect(canAcquire(l, me, now, 15_000)).toBe(ok));
});
