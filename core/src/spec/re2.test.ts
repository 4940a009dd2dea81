import { describe, expect, it } from 'vitest';
import { compileRe2, findsIn, firstGroup, fullMatch } from './re2';

const re = (pattern: string, multiline = false) => {
  const c = compileRe2(pattern, { multiline });
  if (!c.ok) throw new Error(c.reason);
  return c.re;
};

describe('compileRe2', () => {
  it.each([
    { name: 'A lookahead is rejected, as Prometheus rejects it.', pattern: 'a(?=b)', ok: false },
    { name: 'A negative lookbehind is rejected.', pattern: '(?<!x)y', ok: false },
    { name: 'A back-reference is rejected.', pattern: '(a)\\1', ok: false },
    { name: 'An unbalanced group is rejected.', pattern: '17\\.(0', ok: false },
    { name: 'A version pattern with classes and repetition compiles.', pattern: '17\\.0\\.\\d+', ok: true },
    { name: 'A non-capturing group and alternation compile.', pattern: 'airflow (?:celery )?worker|scheduler', ok: true },
  ])('$name', ({ pattern, ok }) => {
    expect(compileRe2(pattern).ok).toBe(ok);
  });
});

describe('matching', () => {
  it.each([
    { name: 'A full match is anchored, like a Prometheus label matcher.', got: fullMatch(re('17\\.0\\.\\d+'), '117.0.1'), want: false },
    { name: 'A full match accepts the whole value.', got: fullMatch(re('17\\.0\\.\\d+'), '17.0.9'), want: true },
    {
      name: 'A search finds the pattern inside a command line.',
      got: findsIn(re('airflow (celery )?worker'), '/usr/bin/python3 /usr/local/bin/airflow celery worker -q default'),
      want: true,
    },
    {
      name: 'The first group is extracted from multi-line output.',
      got: firstGroup(re('^openjdk version "([^"]+)"', true), 'Picked up JAVA_TOOL_OPTIONS\nopenjdk version "17.0.9" 2023-10-17'),
      want: '17.0.9',
    },
    { name: 'Without a group, the whole match is returned.', got: firstGroup(re('\\d+\\.\\d+'), 'Python 3.11.7'), want: '3.11' },
    { name: 'No match gives undefined.', got: firstGroup(re('x(\\d)'), 'abc'), want: undefined },
  ])('$name', ({ got, want }) => {
    expect(got).toBe(want);
  });
});
