// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { cohortQueries, cohortWindow } from './cohort-series';
import { toSegments } from './dimension-history';

describe('chart data', () => {
  it.each([
    {
      name: 'Steps with the same state merge into one run.',
      states: ['a', 'a', 'b'],
      runs: [
        ['a', 0, 20],
        ['b', 20, 30],
      ],
    },
    {
      name: 'A state that returns starts a new run.',
      states: ['a', 'b', 'a'],
      runs: [
        ['a', 0, 10],
        ['b', 10, 20],
        ['a', 20, 30],
      ],
    },
  ])('$name', ({ states, runs }) => {
    const segs = toSegments([0, 10, 20], 10, (i) => ({ state: 'compliant', label: states[i]! }));
    expect(segs.map((s) => [s.label, s.fromMs, s.toMs])).toEqual(runs);
  });

  it.each([
    { name: 'Without an onset the window is the last hour.', onset: undefined, range: 3600 },
    { name: 'An onset two hours ago is shown with half an hour before it.', onset: 100_000 - 7200, range: 9000 },
    { name: 'An onset a month ago is cut to a week.', onset: 100_000 - 30 * 86400, range: 7 * 86400 },
  ])('$name', ({ onset, range }) => {
    const w = cohortWindow(100_000, onset);
    expect(w.end - w.start).toBeGreaterThanOrEqual(range);
    expect(w.end - w.start).toBeLessThan(range + w.step);
  });

  it('Quotes label values, so a value cannot break out of its matcher.', () => {
    const q = cohortQueries({ workload: 'w"x', dimension: 'd', hash: 'h', nodes: [] } as never, 'consumer_lag');
    expect(q.drifted).toContain('workload="w\\"x"');
  });
});
