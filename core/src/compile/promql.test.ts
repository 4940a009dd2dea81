import { describe, expect, it } from 'vitest';
import { anyOf, durationSeconds, escapeRegex, orAll, selector } from './promql';

describe('promql helpers', () => {
  it.each([
    { name: 'Dots and pluses in a literal are escaped for a regex matcher.', got: escapeRegex('17.0.1+9'), want: '17\\.0\\.1\\+9' },
    { name: 'Alternatives are sorted and deduplicated.', got: anyOf(['b', 'a', 'b']), want: 'a|b' },
    {
      name: 'A selector quotes label values as PromQL strings.',
      got: selector('m', [
        ['a', '=', 'x"y'],
        ['b', '!~', 'p\\.q'],
      ]),
      want: 'm{a="x\\"y", b!~"p\\\\.q"}',
    },
    { name: 'A selector without matchers is the bare name.', got: selector('m', []), want: 'm' },
    { name: 'One alternative is not wrapped.', got: orAll(['x']), want: 'x' },
    { name: 'Several alternatives are wrapped and joined with or.', got: orAll(['x', 'y']), want: '(\n  x\n)\nor\n(\n  y\n)' },
  ])('$name', ({ got, want }) => {
    expect(got).toBe(want);
  });

  it.each([
    ['30s', 30],
    ['5m', 300],
    ['1h', 3600],
    ['2d', 172800],
  ] as const)('The duration %s is %d seconds.', (d, s) => {
    expect(durationSeconds(d)).toBe(s);
  });
});
