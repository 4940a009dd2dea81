import { describe, expect, it } from 'vitest';
import { brokersFrom, parseArgs, parseRfc3339 } from './args';

describe('parseArgs', () => {
  it('reads valued flags, inline values and switches', () => {
    const r = parseArgs(['--node', 'n1', '--at=2026-01-01T00:00:00Z', '--json'], ['node', 'at'], ['json']);
    expect(r).toEqual({ ok: true, positional: [], flags: { node: 'n1', at: '2026-01-01T00:00:00Z' }, switches: new Set(['json']) });
  });
  const bad: [string, string[], RegExp][] = [
    ['an unknown flag is named in the error', ['--nod', 'x'], /unknown option --nod/],
    ['a flag without its value is named in the error', ['--node'], /--node needs a value/],
    ['a switch given a value is refused', ['--json=yes'], /takes no value/],
  ];
  it.each(bad)('%s', (_n, argv, error) => {
    const r = parseArgs(argv, ['node'], ['json']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });
});

describe('parseRfc3339', () => {
  const cases: [string, string, number | undefined][] = [
    ['a UTC time is accepted', '2026-03-01T12:00:00Z', Date.UTC(2026, 2, 1, 12)],
    ['an offset time is accepted', '2026-03-01T13:00:00+01:00', Date.UTC(2026, 2, 1, 12)],
    ['a date without a time is refused', '2026-03-01', undefined],
    ['a time without a zone is refused', '2026-03-01T12:00:00', undefined],
  ];
  it.each(cases)('%s', (_n, s, ms) => expect(parseRfc3339(s)).toBe(ms));
});

describe('brokersFrom', () => {
  it('prefers the flag over the environment', () => {
    expect(brokersFrom('127.0.0.1:1,127.0.0.1:2', { PLUMB_KAFKA_BROKERS: 'x:3' })).toEqual(['127.0.0.1:1', '127.0.0.1:2']);
  });
  it('refuses a broker without a port', () => expect(brokersFrom('localhost', {})).toBeUndefined());
});
