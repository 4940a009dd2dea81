import { describe, expect, it } from 'vitest';
import { evaluateGuardrails } from './evaluate';
import type { GuardrailContext, GuardrailName } from './types';

function ctx(over: (c: GuardrailContext) => void = () => {}): GuardrailContext {
  const c: GuardrailContext = {
    nowMs: 10_000_000,
    mode: 'enforce',
    action: {
      id: 'a1',
      node: 'n1',
      region: 'eu-west-1',
      pool: 'spark',
      workload: 'spark-streaming',
      playbook: 'restart',
      cost: 2,
      requestedBy: 'plumb-hooks/r0',
      approvalRequired: false,
    },
    disruptive: true,
    removesCapacity: false,
    budget: { maxShare: 0.01, windowMs: 3_600_000, runningTasks: 1000, usedTasks: 0 },
    quarantine: { cap: 0.1, poolNodes: 100, poolOutOfService: 0 },
    concurrency: { limit: 2, running: 0 },
    window: { configured: false, open: true, detail: 'none' },
    blockingAlerts: [],
    breaker: { widespreadAlerts: [], failureRate: 0.5, minActions: 4, windowMs: 900_000, cooldownMs: 600_000, outcomes: [], inFlightStartedMs: [] },
    health: { minHealthy: 0, poolNodes: 100, healthy: 100, nodeHealthy: true },
    otherRemediator: undefined,
    cooldown: { perNodeMs: 1_800_000, attempts: 0, maxAttempts: 3 },
  };
  over(c);
  return c;
}

/** Outcomes finishing one minute apart, the last at `lastMs`; true = failed. */
const outcomes = (lastMs: number, failed: boolean[]) =>
  failed.map((f, i) => ({ startedMs: lastMs - (failed.length - i) * 60_000 - 1000, finishedMs: lastMs - (failed.length - 1 - i) * 60_000, failed: f }));

type Row = [string, (c: GuardrailContext) => void, GuardrailName | undefined, string?];
const rows: Row[] = [
  ['allows a small restart with every guardrail green', () => {}, undefined],
  [
    'refuses everything in observe mode, for good',
    (c) => {
      c.mode = 'observe';
    },
    'mode',
    'never',
  ],
  [
    'still evaluates in dry-run mode so the record shows what enforce would do',
    (c) => {
      c.mode = 'dry-run';
    },
    undefined,
  ],
  [
    'waits for approval when the playbook requires it',
    (c) => {
      c.action.approvalRequired = true;
    },
    'approval',
    'later',
  ],
  [
    'refuses an approval given by the requester',
    (c) => {
      c.action.approvalRequired = true;
      c.action.approvedBy = 'plumb-hooks/r0';
    },
    'approval',
    'never',
  ],
  [
    'accepts an approval from someone else',
    (c) => {
      c.action.approvalRequired = true;
      c.action.approvedBy = 'jane';
    },
    undefined,
  ],
  [
    'allows exactly the budget (10 of 1% of 1000)',
    (c) => {
      c.budget.usedTasks = 8;
    },
    undefined,
  ],
  [
    'refuses one task over the budget',
    (c) => {
      c.budget.usedTasks = 9;
    },
    'disruption-budget',
    'later',
  ],
  [
    'ignores the budget for actions that disrupt nothing',
    (c) => {
      c.disruptive = false;
      c.budget.usedTasks = 1000;
    },
    undefined,
  ],
  [
    'refuses a quarantine past the pool cap',
    (c) => {
      c.removesCapacity = true;
      c.quarantine.poolOutOfService = 10;
    },
    'quarantine-cap',
    'later',
  ],
  [
    'allows a quarantine under the pool cap',
    (c) => {
      c.removesCapacity = true;
      c.quarantine.poolOutOfService = 9;
    },
    undefined,
  ],
  [
    'escalates a quarantine of a node without a pool instead of deferring it forever',
    (c) => {
      c.removesCapacity = true;
      c.action.pool = '';
      c.quarantine.poolNodes = 0;
    },
    'quarantine-cap',
    'escalate',
  ],
  [
    'escalates a quarantine in a pool of no known size',
    (c) => {
      c.removesCapacity = true;
      c.quarantine.poolNodes = 0;
    },
    'quarantine-cap',
    'escalate',
  ],
  [
    'refuses when the region already runs its concurrency limit',
    (c) => {
      c.concurrency.running = 2;
    },
    'concurrency',
    'later',
  ],
  [
    'refuses disruptive work outside every maintenance window',
    (c) => {
      c.window = { configured: true, open: false, detail: 'closed' };
    },
    'maintenance-window',
    'later',
  ],
  [
    'allows a quarantine outside windows because it disrupts nothing',
    (c) => {
      c.disruptive = false;
      c.window = { configured: true, open: false, detail: 'closed' };
    },
    undefined,
  ],
  [
    'refuses disruptive work while a symptom SLO alert fires',
    (c) => {
      c.blockingAlerts = ['consumer_lag'];
    },
    'blocking-alerts',
    'later',
  ],
  [
    'trips the breaker on widespread drift and pages a person',
    (c) => {
      c.breaker.widespreadAlerts = ['spark/tz'];
    },
    'circuit-breaker',
    'escalate',
  ],
  [
    'opens the breaker when half of recent actions failed, and waits out the cool-down',
    (c) => {
      c.breaker.outcomes = outcomes(c.nowMs, [false, false, true, true]);
    },
    'circuit-breaker',
    'later',
  ],
  [
    'keeps the breaker closed below the minimum number of actions',
    (c) => {
      c.breaker.outcomes = outcomes(c.nowMs, [true, true, true]);
    },
    undefined,
  ],
  [
    'lets one probe through once the cool-down has passed (half-open)',
    (c) => {
      c.breaker.outcomes = outcomes(c.nowMs - 600_000, [false, false, true, true]);
    },
    undefined,
  ],
  [
    'holds everything else while the half-open probe is in flight',
    (c) => {
      c.breaker.outcomes = outcomes(c.nowMs - 700_000, [false, false, true, true]);
      c.breaker.inFlightStartedMs = [c.nowMs - 1000];
    },
    'circuit-breaker',
    'later',
  ],
  [
    'skips a node another remediator holds, and says which',
    (c) => {
      c.otherRemediator = 'kured (lock annotation weave.works/kured-node-lock names n1)';
    },
    'other-remediator',
    'later',
  ],
  [
    'refuses to take a node out of a pool that would fall below minHealthy',
    (c) => {
      c.removesCapacity = true;
      c.health = { minHealthy: 0.9, poolNodes: 10, healthy: 9, nodeHealthy: true };
    },
    'min-healthy',
    'later',
  ],
  [
    'allows taking out a node that is already unhealthy: the healthy count does not drop',
    (c) => {
      c.removesCapacity = true;
      c.health = { minHealthy: 0.9, poolNodes: 10, healthy: 9, nodeHealthy: false };
    },
    undefined,
  ],
  [
    'refuses a node acted on within the cool-down',
    (c) => {
      c.cooldown.lastActionOnNodeMs = c.nowMs - 60_000;
    },
    'cool-down',
    'later',
  ],
  [
    'allows a node once the cool-down has passed',
    (c) => {
      c.cooldown.lastActionOnNodeMs = c.nowMs - 1_800_000;
    },
    undefined,
  ],
  [
    'escalates once the attempt cap is reached',
    (c) => {
      c.cooldown.attempts = 3;
    },
    'attempt-cap',
    'escalate',
  ],
];

describe('evaluateGuardrails', () => {
  it.each(rows)('%s', (_name, mutate, refusedBy, followUp) => {
    const decision = evaluateGuardrails(ctx(mutate));
    if (refusedBy === undefined) {
      expect(decision.allowed).toBe(true);
    } else {
      expect(decision.allowed).toBe(false);
      if (!decision.allowed) {
        expect(decision.refusedBy).toBe(refusedBy);
        expect(decision.followUp).toBe(followUp);
      }
    }
  });

  it('records a check for every guardrail, allowed or not', () => {
    expect(
      evaluateGuardrails(ctx())
        .checks.map((c) => c.guardrail)
        .sort(),
    ).toEqual([
      'approval',
      'attempt-cap',
      'blocking-alerts',
      'circuit-breaker',
      'concurrency',
      'cool-down',
      'disruption-budget',
      'maintenance-window',
      'min-healthy',
      'mode',
      'other-remediator',
      'quarantine-cap',
    ]);
  });
});
