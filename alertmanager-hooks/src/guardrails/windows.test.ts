import { describe, expect, it } from 'vitest';
import { checkWindows, windowStatus } from './windows';

const nightly = { cron: '0 1 * * *', durationMinutes: 120, tz: 'Europe/Dublin' };
const at = (iso: string) => Date.parse(iso);

describe('windowStatus', () => {
  it.each([
    ['is open at the start of a window in its own time zone (01:00 Dublin summer time is 00:00 UTC)', [nightly], 'eu-west-1', '2026-07-01T00:00:00Z', true],
    ['is open inside a window', [nightly], 'eu-west-1', '2026-07-01T01:30:00Z', true],
    ['is closed once the window has ended', [nightly], 'eu-west-1', '2026-07-01T02:00:00Z', false],
    ['is closed before the window opens', [nightly], 'eu-west-1', '2026-06-30T23:59:00Z', false],
    ['uses winter time in January (01:00 Dublin is 01:00 UTC)', [nightly], 'eu-west-1', '2026-01-15T00:30:00Z', false],
    ['ignores windows of other regions and is then always open', [{ ...nightly, regions: ['us-east-1'] }], 'eu-west-1', '2026-07-01T12:00:00Z', true],
    ['is always open without windows', [], 'eu-west-1', '2026-07-01T12:00:00Z', true],
  ])('%s', (_name, windows, region, now, open) => {
    expect(windowStatus(windows, region, at(now)).open).toBe(open);
  });

  it('says it is unconfigured when no window applies', () => {
    expect(windowStatus([], 'eu-west-1', 0).configured).toBe(false);
  });
});

describe('checkWindows', () => {
  it.each([
    ['accepts a valid window', [nightly], 0],
    ['rejects a malformed cron expression', [{ ...nightly, cron: '61 * * * *' }], 1],
    ['rejects an unknown time zone', [{ ...nightly, tz: 'Mars/Olympus' }], 1],
  ])('%s', (_name, windows, errors) => {
    expect(checkWindows(windows)).toHaveLength(errors);
  });
});
