/** Runs every guardrail and folds the checks into one decision. */
import { approvalGuardrail, modeGuardrail } from './rollout';
import { concurrencyGuardrail, disruptionBudgetGuardrail, minHealthyGuardrail, quarantineCapGuardrail } from './capacity';
import { attemptCapGuardrail, coolDownGuardrail, maintenanceWindowGuardrail } from './timing';
import { blockingAlertsGuardrail, circuitBreakerGuardrail, otherRemediatorGuardrail } from './safety';
import type { Decision, Guardrail, GuardrailContext } from './types';

/** Order matters only for which refusal is reported first; every check is recorded. */
export const GUARDRAIL_ORDER: readonly Guardrail[] = [
  modeGuardrail,
  circuitBreakerGuardrail,
  otherRemediatorGuardrail,
  attemptCapGuardrail,
  approvalGuardrail,
  blockingAlertsGuardrail,
  maintenanceWindowGuardrail,
  coolDownGuardrail,
  quarantineCapGuardrail,
  minHealthyGuardrail,
  concurrencyGuardrail,
  disruptionBudgetGuardrail,
];

export function evaluateGuardrails(ctx: GuardrailContext, guardrails: readonly Guardrail[] = GUARDRAIL_ORDER): Decision {
  const checks = guardrails.map((g) => g(ctx));
  const refusal = checks.find((c) => !c.allowed);
  if (refusal === undefined || refusal.allowed) return { allowed: true, checks };
  return { allowed: false, checks, refusedBy: refusal.guardrail, detail: refusal.detail, followUp: refusal.followUp };
}
