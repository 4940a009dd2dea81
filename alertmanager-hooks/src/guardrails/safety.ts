/** Guardrails that stop remediation when the platform is already in trouble. */
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
 * many broken nodes: stop and page a person. Also trips when recent actions fail often.
 */
export const circuitBreakerGuardrail: Guardrail = (ctx) => {
  const { widespreadAlerts, finished, failed, failureRate, minActions } = ctx.breaker;
  if (widespreadAlerts.length > 0) return refuse('circuit-breaker', `widespread drift: ${widespreadAlerts.join(', ')}`, 'escalate');
  if (finished >= minActions && failed / finished >= failureRate) {
    return refuse('circuit-breaker', `${failed} of ${finished} recent actions failed (trips at ${failureRate * 100}%)`, 'escalate');
  }
  return allow('circuit-breaker', `closed (${failed} of ${finished} recent actions failed)`);
};
