import { describe, expect, it } from 'vitest';
import { breakerState, type BreakerInput, type BreakerOutcome } from './breaker';

const MIN = 60_000;
const base: Omit<BreakerInput, 'nowMs' | 'outcomes'> = { windowMs: 15 * MIN, failureRate: 0.5, minActions: 4, cooldownMs: 10 * MIN, inFlightStartedMs: [] };
/** An action started at minute `start` and finished at minute `end`. */
const o = (start: number, end: number, failed: boolean): BreakerOutcome => ({ startedMs: start * MIN, finishedMs: end * MIN, failed });
const trip = [o(0, 1, false), o(0, 2, false), o(1, 3, true), o(2, 4, true)];

describe('breakerState', () => {
  it.each([
    { name: 'Few outcomes keep it closed.', now: 5, outcomes: trip.slice(0, 3), inFlight: [], phase: 'closed' },
    { name: 'Half of four recent actions failing opens it.', now: 5, outcomes: trip, inFlight: [], phase: 'open' },
    { name: 'It stays open for the cool-down after the last failure.', now: 13.9, outcomes: trip, inFlight: [], phase: 'open' },
    { name: 'After the cool-down it is half-open: one probe may run.', now: 14, outcomes: trip, inFlight: [], phase: 'half-open', probeInFlight: false },
    { name: 'A probe in flight holds every other action.', now: 15, outcomes: trip, inFlight: [14.5], phase: 'half-open', probeInFlight: true },
    { name: 'An action started before the cool-down is not the probe.', now: 15, outcomes: trip, inFlight: [3], phase: 'half-open', probeInFlight: false },
    {
      name: 'A successful probe closes it: the earlier failures no longer count.',
      now: 16,
      outcomes: [...trip, o(14, 15, false)],
      inFlight: [],
      phase: 'closed',
    },
    { name: 'A failed probe opens it again for another cool-down.', now: 16, outcomes: [...trip, o(14, 15, true)], inFlight: [], phase: 'open' },
    { name: 'Failures older than the window no longer count.', now: 30, outcomes: trip, inFlight: [], phase: 'closed' },
  ])('$name', ({ now, outcomes, inFlight, phase, probeInFlight }) => {
    const state = breakerState({ ...base, nowMs: now * MIN, outcomes, inFlightStartedMs: inFlight.map((m) => m * MIN) });
    expect(state.phase).toBe(phase);
    if (probeInFlight !== undefined && state.phase === 'half-open') expect(state.probeInFlight).toBe(probeInFlight);
  });
});
