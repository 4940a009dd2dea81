/** Guardrails about who may act at all: the rollout mode and approvals. */
import { allow, refuse, type Guardrail } from './types';

/**
 * `observe` records the alert only; `dry-run` decides and records what it would do;
 * `enforce` acts. The mode never blocks evaluation of the other guardrails, so a
 * dry run shows exactly what enforce would have done.
 */
export const modeGuardrail: Guardrail = (ctx) =>
  ctx.mode === 'observe'
    ? refuse('mode', `mode is observe for ${ctx.action.region}/${ctx.action.workload}: record only`, 'never')
    : allow('mode', `mode is ${ctx.mode}`);

/** A playbook marked `approval: required` waits for a person who is not the requester. */
export const approvalGuardrail: Guardrail = (ctx) => {
  const { approvalRequired, approvedBy, requestedBy } = ctx.action;
  if (!approvalRequired) return allow('approval', 'no approval required');
  if (approvedBy === undefined) return refuse('approval', 'waiting for approval', 'later');
  if (approvedBy === requestedBy) return refuse('approval', `approver ${approvedBy} is the requester`, 'never');
  return allow('approval', `approved by ${approvedBy}`);
};
