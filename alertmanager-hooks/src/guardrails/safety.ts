/** Guardrails that stop remediation when the platform is already in trouble. */
import { breakerState } from './breaker';
import { allow, refuse, type Guardrail } from './types';

/** Nothing disruptive runs while a symptom SLO alert fires in the region. */
export const blockingAlertsGuardrail: Guardrail = (ctx) => {
  if (!ctx.disruptive) return allow('blocking-alerts', 'not disruptive');
  return ctx.blockingAlerts.length === 0
    ? allow('blocking-alerts', `no symptom SLO alert firing in ${ctx.action.region}`)
    : refuse('blocking-alerts', `firing in ${ctx.action.region}: ${ctx.blockingAlerts.join(', ')}`, 'later');
};

/**
 * Many nodes drifting at once is more likely a bad rollout or a wrong spec than
 * many broken nodes: stop and page a person. Recent actions failing often also trips it:
 * open for a cool-down, then one probe (half-open) whose outcome closes or reopens it.
 */
export const circuitBreakerGuardrail: Guardrail = (ctx) => {
  const b = ctx.breaker;
  if (b.widespreadAlerts.length > 0) return refuse('circuit-breaker', `widespread drift: ${b.widespreadAlerts.join(', ')}`, 'escalate');
  const state = breakerState({ nowMs: ctx.nowMs, ...b });
  const counts = `${state.failed} of ${state.finished} recent actions failed (trips at ${b.failureRate * 100}%)`;
  switch (state.phase) {
    case 'closed':
      return allow('circuit-breaker', `closed (${state.failed} of ${state.finished} recent actions failed)`);
    case 'open':
      return refuse('circuit-breaker', `open: ${counts}; half-open at ${new Date(state.reopensAtMs).toISOString()}`, 'later');
    case 'half-open':
      return state.probeInFlight
        ? refuse('circuit-breaker', `half-open: ${counts}; waiting for the probe action in flight`, 'later')
        : allow('circuit-breaker', `half-open: ${counts}; this action is the probe`);
  }
};

/**
 * A node another remediator is handling (kured rebooting it, a Medik8s remediation,
 * node maintenance) is skipped and the holder named; Plumb acts once it lets go.
 */
export const otherRemediatorGuardrail: Guardrail = (ctx) =>
  ctx.otherRemediator === undefined
    ? allow('other-remediator', `no other remediator holds ${ctx.action.node}`)
    : refuse('other-remediator', `${ctx.action.node} is held by another remediator: ${ctx.otherRemediator}`, 'later');
