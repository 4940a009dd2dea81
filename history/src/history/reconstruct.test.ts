import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '@plumb/core/state/events';
import { reconstructConfig } from './reconstruct';

let n = 0;
const ch = (node: string, dimension: string, atMs: number, newHash?: string, value?: string): ChangeEvent => ({
  eventId: `${node}:w:${dimension}:${++n}`,
  node,
  region: 'r',
  workload: 'w',
  dimension,
  observedAtMs: atMs,
  seq: n,
  ...(newHash ? { newHash } : {}),
  ...(value ? { value } : {}),
});
const events = [
  ch('n1', 'tz', 100, 'h-utc', 'UTC'),
  ch('n1', 'fetch', 100, 'h-1m'),
  ch('n1', 'tz', 200, 'h-est', 'EST'),
  ch('n2', 'tz', 150, 'h-x'),
  ch('n1', 'fetch', 300),
];

describe('reconstructConfig', () => {
  const cases: [string, number, [string, string][]][] = [
    ['before the first event the node has no recorded config', 50, []],
    [
      'at the first observation both dimensions are known',
      100,
      [
        ['fetch', 'h-1m'],
        ['tz', 'h-utc'],
      ],
    ],
    [
      'a later change replaces the hash',
      250,
      [
        ['fetch', 'h-1m'],
        ['tz', 'h-est'],
      ],
    ],
    ['a dimension that disappeared is absent afterwards', 300, [['tz', 'h-est']]],
  ];
  it.each(cases)('%s', (_n, at, expected) => {
    expect(reconstructConfig(events, 'n1', at).map((e) => [e.dimension, e.hash])).toEqual(expected);
  });
  it('ignores duplicate deliveries and out-of-order arrival', () => {
    const shuffled = [...events].reverse().concat(events);
    expect(reconstructConfig(shuffled, 'n1', 250)).toEqual(reconstructConfig(events, 'n1', 250));
  });
  it('carries the exposable value and when it was first seen', () => {
    expect(reconstructConfig(events, 'n1', 250).find((e) => e.dimension === 'tz')).toMatchObject({ value: 'EST', sinceMs: 200 });
  });
});
