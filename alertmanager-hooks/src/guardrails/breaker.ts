/**
 * The failure-rate breaker's state, pure, derived from the ledger's outcomes so it
 * survives restarts and failover. Like a classic circuit breaker (and NodeHealthCheck's
 * pause on too many unhealthy nodes, but for our own failures):
 * - closed: fewer than `failureRate` of the recent outcomes failed (or too few to judge);
 * - open: it tripped; nothing runs until `cooldownMs` after the last failure;
 * - half-open: after the cool-down one action runs as a probe; its success closes the
 *   breaker (earlier failures no longer count), its failure opens it again.
 * A failed action that was later rolled back still counts as a failure.
 */

/** One action that ran and finished in the region. */
export interface BreakerOutcome {
  startedMs: number;
  finishedMs: number;
  failed: boolean;
}

export interface BreakerInput {
  nowMs: number;
  windowMs: number;
  failureRate: number;
  minActions: number;
  cooldownMs: number;
  /** Outcomes in the window (and before it, if older failures matter), any order. */
  outcomes: readonly BreakerOutcome[];
  /** Start times of the region's actions still running or verifying. */
  inFlightStartedMs: readonly number[];
}

export type BreakerState =
  | { phase: 'closed'; failed: number; finished: number }
  | { phase: 'open'; failed: number; finished: number; reopensAtMs: number }
  | { phase: 'half-open'; failed: number; finished: number; probeInFlight: boolean };

const tripped = (counted: readonly BreakerOutcome[], i: BreakerInput) =>
  counted.length >= i.minActions && counted.filter((o) => o.failed).length / counted.length >= i.failureRate;

export function breakerState(i: BreakerInput): BreakerState {
  const sorted = [...i.outcomes].sort((a, b) => a.finishedMs - b.finishedMs);
  // Walk the history: a success that started after the cool-down of a tripped breaker was
  // its probe, and closing forgets what came before.
  let counted: BreakerOutcome[] = [];
  let lastFailureMs = Number.NEGATIVE_INFINITY;
  for (const o of sorted) {
    const inWindow = counted.filter((c) => c.finishedMs >= o.finishedMs - i.windowMs);
    if (!o.failed && tripped(inWindow, i) && o.startedMs >= lastFailureMs + i.cooldownMs) {
      counted = [];
      continue;
    }
    counted.push(o);
    if (o.failed) lastFailureMs = Math.max(lastFailureMs, o.finishedMs);
  }
  const recent = counted.filter((c) => c.finishedMs >= i.nowMs - i.windowMs);
  const failed = recent.filter((o) => o.failed).length;
  const finished = recent.length;
  if (!tripped(recent, i)) return { phase: 'closed', failed, finished };
  const reopensAtMs = lastFailureMs + i.cooldownMs;
  if (i.nowMs < reopensAtMs) return { phase: 'open', failed, finished, reopensAtMs };
  return { phase: 'half-open', failed, finished, probeInFlight: i.inFlightStartedMs.some((s) => s >= reopensAtMs) };
}
