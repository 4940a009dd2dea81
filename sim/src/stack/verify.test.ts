import { describe, expect, it } from 'vitest';
import type { ScenarioEvent } from '../scenario';
import type { TruthRecord } from '../world';
import type { EventObservation } from './tracker';
import { checkEvents, type CheckStatus } from './verify';

const SETTLE = 60_000;
const drift: ScenarioEvent = { name: 'tz', at: '0s', action: 'drift', select: {}, set: { tz: 'x' }, expect: { flagged: true, severity: 'correctness-risk' } };
const allowed: ScenarioEvent = { ...drift, name: 'eu', expect: { flagged: false } };

function observation(over: Partial<EventObservation> = {}): EventObservation {
  return { severities: new Set(), playbooks: new Set(), wronglyFlagged: new Set(), removedShownUnknown: new Set(), ...over };
}

function statusOf(event: ScenarioEvent, obs: EventObservation, nowMs: number, what: string, unexpected = new Map<string, number>()): CheckStatus | undefined {
  const record: TruthRecord = { event, nodes: ['n1'], appliedAtMs: 0 };
  return checkEvents(new Map([[record, obs]]), unexpected, { nowMs, settleMs: SETTLE }).find((c) => c.what === what)?.status;
}

describe('checkEvents', () => {
  it.each([
    { name: 'An undetected drift is waiting within the settle time.', event: drift, obs: observation(), now: SETTLE - 1, what: 'detected', status: 'waiting' },
    {
      name: 'An undetected drift fails for good once the settle time has passed.',
      event: drift,
      obs: observation(),
      now: SETTLE,
      what: 'detected',
      status: 'fail',
    },
    { name: 'A detected drift passes.', event: drift, obs: observation({ detectedAtMs: 5 }), now: 10, what: 'detected', status: 'pass' },
    {
      name: 'A wrong severity fails at once: it cannot be taken back.',
      event: drift,
      obs: observation({ detectedAtMs: 5, severities: new Set(['info']) }),
      now: 10,
      what: 'severity correctness-risk',
      status: 'fail',
    },
    { name: 'No severity seen yet is waiting.', event: drift, obs: observation(), now: 10, what: 'severity correctness-risk', status: 'waiting' },
    {
      name: 'Allowed divergence that got flagged fails at once.',
      event: allowed,
      obs: observation({ wronglyFlagged: new Set(['n1']) }),
      now: 10,
      what: 'not flagged (allowed divergence)',
      status: 'fail',
    },
    { name: 'Allowed divergence never flagged passes.', event: allowed, obs: observation(), now: 10, what: 'not flagged (allowed divergence)', status: 'pass' },
  ])('$name', ({ event, obs, now, what, status }) => {
    expect(statusOf(event, obs, now, what)).toBe(status);
  });

  it('Fails the fleet check for good once drift nobody injected was seen.', () => {
    expect(statusOf(drift, observation(), 10, 'no drift beyond the injected', new Map([['n9 tz', 1]]))).toBe('fail');
  });
});
