/**
 * What people do through the API: approve, reject, roll back. Each returns an
 * outcome value; each is audited with the person as actor.
 */
import { ROLLBACK_STATES } from '@plumb/core/contract';
import { inverseOf, type ActionRecord } from '../ledger/action';
import { PLAYBOOK_TRAITS } from '../playbooks/catalog';
import type { EngineDeps } from './deps';
import { withActionLock } from './action-lock';

export type OperatorOutcome = { ok: true; action: ActionRecord } | { ok: false; status: 404 | 409 | 403 | 503; message: string };

/**
 * A person's decision is answered only once it is in the shared state, as an
 * acknowledged alert is: a failover right after the answer must not lose it.
 */
async function persisted(deps: EngineDeps, ids: readonly string[], outcome: OperatorOutcome): Promise<OperatorOutcome> {
  if (!outcome.ok || deps.state === undefined) return outcome;
  try {
    await deps.state.settle(
      ids.map((key) => ({ kind: 'action' as const, key })),
      5_000,
    );
    return outcome;
  } catch (err) {
    return { ok: false, status: 503, message: `recorded locally but not yet in the shared state (${(err as Error).message}); retry` };
  }
}

export const approve = (deps: EngineDeps, id: string, approver: string, comment?: string) =>
  withActionLock(id, async () => persisted(deps, [id], await approveNow(deps, id, approver, comment)));
export const reject = (deps: EngineDeps, id: string, person: string, comment?: string) =>
  withActionLock(id, async () => persisted(deps, [id], await rejectNow(deps, id, person, comment)));
export const rollback = (deps: EngineDeps, id: string, person: string, comment?: string) =>
  withActionLock(id, async () => persisted(deps, [`${id}-rollback`], await rollbackNow(deps, id, person, comment)));

async function approveNow(deps: EngineDeps, id: string, approver: string, comment?: string): Promise<OperatorOutcome> {
  const action = deps.ledger.getAction(id);
  if (action === undefined) return { ok: false, status: 404, message: `no action ${id}` };
  if (action.state !== 'awaiting-approval') return { ok: false, status: 409, message: `action ${id} is ${action.state}, not awaiting approval` };
  const now = deps.now();
  if (approver === action.requestedBy) {
    await deps.audit.record({
      atMs: now,
      actor: approver,
      kind: 'approval',
      data: { actionId: id, result: 'refused', detail: 'the approver is the requester' },
    });
    return { ok: false, status: 403, message: `${approver} requested action ${id} and cannot approve it` };
  }
  await deps.audit.record({
    atMs: now,
    actor: approver,
    kind: 'approval',
    data: { actionId: id, result: 'approved', requestedBy: action.requestedBy, comment, node: action.node, playbook: action.playbook, rule: action.rule },
  });
  deps.ledger.updateAction(id, { state: 'approved', approvedBy: approver }, now);
  return { ok: true, action: deps.ledger.getAction(id)! };
}

async function rejectNow(deps: EngineDeps, id: string, person: string, comment?: string): Promise<OperatorOutcome> {
  const action = deps.ledger.getAction(id);
  if (action === undefined) return { ok: false, status: 404, message: `no action ${id}` };
  if (action.state !== 'awaiting-approval') return { ok: false, status: 409, message: `action ${id} is ${action.state}, not awaiting approval` };
  const now = deps.now();
  await deps.audit.record({
    atMs: now,
    actor: person,
    kind: 'approval',
    data: { actionId: id, result: 'rejected', comment, node: action.node, playbook: action.playbook },
  });
  deps.ledger.updateAction(id, { state: 'rejected', finishedMs: now }, now);
  return { ok: true, action: deps.ledger.getAction(id)! };
}

/** Why `action` cannot be rolled back, or undefined when it can (the API reports this as `canRollback`). */
export function rollbackRefusal(action: ActionRecord): string | undefined {
  if (PLAYBOOK_TRAITS[action.playbook].inverse === undefined) return `${action.playbook} has no inverse; nothing to roll back`;
  if (!ROLLBACK_STATES.includes(action.state) || action.startedMs === undefined)
    return `action ${action.id} is ${action.state}; only an applied action can be rolled back`;
  return undefined;
}

/** Queues the recorded inverse of a finished action; it still passes the guardrails. */
async function rollbackNow(deps: EngineDeps, id: string, person: string, comment?: string): Promise<OperatorOutcome> {
  const action = deps.ledger.getAction(id);
  if (action === undefined) return { ok: false, status: 404, message: `no action ${id}` };
  const inverse = PLAYBOOK_TRAITS[action.playbook].inverse;
  const refusal = rollbackRefusal(action);
  if (refusal !== undefined || inverse === undefined) return { ok: false, status: 409, message: refusal ?? `${action.playbook} has no inverse` };
  const now = deps.now();
  const undo = inverseOf(action, { idSuffix: 'rollback', playbook: inverse, requestedBy: person, detail: comment ?? `rollback of ${id}`, nowMs: now });
  // Undoing what a person approved needs a person's approval too (not the requester's own), as the action did.
  const needsApproval = action.approvedBy !== undefined;
  const rb: ActionRecord = needsApproval ? { ...undo, approvalRequired: true, state: undo.mode === 'enforce' ? 'awaiting-approval' : 'pending' } : undo;
  if (!deps.ledger.insertAction(rb)) return { ok: false, status: 409, message: `a rollback of ${id} already exists (${rb.id})` };
  await deps.audit.record({
    atMs: now,
    actor: person,
    kind: 'rollback',
    data: {
      actionId: id,
      result: 'requested',
      rollbackId: rb.id,
      playbook: inverse,
      comment,
      approvalRequired: rb.approvalRequired,
      approvedBy: action.approvedBy,
    },
  });
  return { ok: true, action: rb };
}
