import { describe, expect, it } from 'vitest';
import type { Pause } from '@plumb/core/contract/handler-api';
import { isActive, pauseFor } from './match';

const base = { reason: 'incident 42', by: 'anna', startedMs: 0, expiresAtMs: 1000 };
const global: Pause = { ...base, id: 'g', scope: 'global' };
const eu: Pause = { ...base, id: 'eu', scope: 'region', region: 'eu-west-1' };
const spark: Pause = { ...base, id: 'sp', scope: 'workload', workload: 'spark-streaming' };
const target = { region: 'eu-west-1', workload: 'spark-streaming' };

describe('pauseFor', () => {
  it.each([
    ['a global pause holds every action', [global], target, 'g'],
    ['a region pause holds actions in its region', [eu], target, 'eu'],
    ['a region pause lets other regions act', [eu], { ...target, region: 'us-east-1' }, undefined],
    ['a workload pause holds actions on its workload', [spark], target, 'sp'],
    ['a workload pause lets other workloads act', [spark], { ...target, workload: 'airflow' }, undefined],
    ['an ended pause holds nothing', [{ ...global, endedMs: 10, endedBy: 'otto' }], target, undefined],
    ['an expired pause holds nothing', [{ ...global, expiresAtMs: 500 }], target, undefined],
  ] as const)('%s', (_n, pauses, t, id) => expect(pauseFor(pauses, t, 500)?.id).toBe(id));
});

describe('isActive', () => {
  it('ends a pause exactly at its expiry', () => {
    expect(isActive(global, 999)).toBe(true);
    expect(isActive(global, 1000)).toBe(false);
  });
});
