/**
 * Runs an allowed action and verifies it. Order matters for crash safety:
 * `action.started` is durable in the audit log (and the secondary sink) and the
 * ledger says `running` before the playbook touches anything; a restarted
 * handler resumes `running` actions, and the playbooks' own state checks make
 * the second run a no-op where the first one got through.
 */
import type { ActionRecord } from '../ledger/action';
import { PLAYBOOK_TRAITS } from '../playbooks/catalog';
import type { PlaybookContext, PlaybookResult } from '../playbooks/types';
import type { EngineDeps } from './deps';
import { RECORD } from '@plumb/core/contract';
import { StateNotSettled } from '../state/shared-state';
import { Paused, pausedNow } from './hold';

/** Thrown before a side effect when this replica may no longer act; the action stays `running` for the next leader. */
export class NotActing extends Error {}

function assertActing(deps: EngineDeps, action: ActionRecord): void {
  if (deps.isActing && !deps.isActing()) throw new NotActing('this replica lost the lease or its shared state; leaving the action to the next leader');
  // A pause stops the next side effect of a running action too, not only new actions.
  const paused = pausedNow(deps, action);
  if (paused !== undefined) throw new Paused(`paused: ${paused}`);
}

function playbookContext(deps: EngineDeps, action: ActionRecord): PlaybookContext {
  const { retry } = deps.config;
  return {
    action,
    assertActing: () => assertActing(deps, action),
    persist: async () => {
      await deps.state?.settle([{ kind: 'action', key: action.id }]);
    },
    saveProgress: (progress) => {
      action.progress = progress;
      deps.ledger.updateAction(action.id, { progress }, deps.now(), true);
    },
    step: async (kind, data) => {
      await deps.audit.record({ atMs: deps.now(), actor: deps.actor, kind, data });
    },
    retry: {
      attempts: retry.attempts,
      baseDelayMs: retry.baseDelay,
      maxDelayMs: retry.maxDelay,
      sleep: deps.sleep,
      onRetry: () => deps.metrics.kubeRetries.inc(),
    },
    selectors: deps.selectors,
    sleep: deps.sleep,
    nowMs: deps.now,
  };
}

const describeError = (err: unknown) => {
  const e = err as { code?: unknown; message?: string };
  return `${typeof e?.code === 'number' ? `HTTP ${e.code}: ` : ''}${(e?.message ?? String(err)).split('\n')[0]!.slice(0, 300)}`;
};

/**
 * Runs the playbook of an action already marked `running`. Never throws.
 * When the records after the playbook cannot be written (audit file failing),
 * the playbook's outcome is kept as progress and the action stays `running`:
 * the next attempt records that outcome instead of acting again.
 */
export async function runAction(deps: EngineDeps, action: ActionRecord): Promise<void> {
  const kept = action.progress.outcome as PlaybookResult | undefined;
  let result: PlaybookResult;
  if (kept !== undefined) result = kept;
  else
    try {
      // The shared state says `running`, with the cost, before anything changes: a new leader counts this spend.
      await deps.state?.settle();
      assertActing(deps, action);
      result = await deps.playbooks[action.playbook](playbookContext(deps, action));
    } catch (err) {
      if (err instanceof Paused) {
        // Left `running` with its progress; resumed, from where it stopped, once no pause covers it.
        await deps.audit.record({
          atMs: deps.now(),
          actor: deps.actor,
          kind: 'action.paused',
          data: { actionId: action.id, node: action.node, detail: err.message },
        });
        return;
      }
      if (err instanceof NotActing || (deps.state && err instanceof StateNotSettled)) {
        deps.log(`action ${action.id} on ${action.node} left running: ${(err as Error).message}`);
        deps.state?.invalidate((err as Error).message);
        return;
      }
      result = { ok: false, detail: `playbook failed after retries: ${describeError(err)}` };
    }
  try {
    await recordOutcome(deps, action, result);
  } catch (err) {
    // The side effect happened; only its record is missing. Keep the outcome so a retry records it without acting again.
    deps.ledger.updateAction(action.id, { progress: { ...action.progress, outcome: result } }, deps.now(), true);
    deps.log(`action ${action.id} on ${action.node}: outcome not recorded (${describeError(err)}); kept, will be recorded on the next attempt`);
  }
}

async function recordOutcome(deps: EngineDeps, action: ActionRecord, result: PlaybookResult): Promise<void> {
  const now = deps.now();
  const base = { actionId: action.id, node: action.node, playbook: action.playbook, rule: action.rule };
  if (!result.ok) {
    await deps.audit.record({ atMs: now, actor: deps.actor, kind: 'action.failed', data: { ...base, result: 'failed', detail: result.detail } });
    await escalate(deps, action, 'action-failed', result.detail);
    deps.ledger.updateAction(action.id, { state: 'failed', finishedMs: now, detail: result.detail }, now);
    deps.metrics.actions.inc({ playbook: action.playbook, result: 'failed' });
    return;
  }
  const traits = PLAYBOOK_TRAITS[action.playbook];
  if (traits.verify === 'applied') {
    await deps.audit.record({
      atMs: now,
      actor: deps.actor,
      kind: 'action.succeeded',
      data: { ...base, result: 'succeeded', changed: result.changed, detail: result.detail, verification: 'applied and read back' },
    });
    deps.ledger.updateAction(action.id, { state: 'succeeded', finishedMs: now, detail: result.detail }, now);
    deps.metrics.actions.inc({ playbook: action.playbook, result: result.changed ? 'succeeded' : 'no-op' });
    if (action.inverseOf) {
      deps.ledger.updateAction(action.inverseOf, { state: 'rolled-back' }, now);
      await deps.audit.record({
        atMs: now,
        actor: deps.actor,
        kind: 'rollback',
        data: { actionId: action.inverseOf, by: action.id, requestedBy: action.requestedBy },
      });
    }
    return;
  }
  await deps.audit.record({
    atMs: now,
    actor: deps.actor,
    kind: 'action.applied',
    data: { ...base, changed: result.changed, detail: result.detail, verifyAfterMs: deps.config.verify.delay },
  });
  deps.ledger.updateAction(action.id, { state: 'verifying', verifyAtMs: now + deps.config.verify.delay, detail: result.detail }, now);
}

/** Checks actions whose verification time has come. Each is checked once: it never loops. */
export async function verifyDue(deps: EngineDeps): Promise<void> {
  for (const action of deps.ledger.actionsInState(['verifying'])) {
    if ((action.verifyAtMs ?? 0) > deps.now()) continue;
    const check = await deps.verifier.driftCleared(action.region, action.node, action.workload, action.dimension, action.startedMs);
    const now = deps.now();
    const base = { actionId: action.id, node: action.node, playbook: action.playbook, rule: action.rule, query: RECORD.drift };
    if (check.ok && check.cleared) {
      await deps.audit.record({ atMs: now, actor: deps.actor, kind: 'action.succeeded', data: { ...base, result: 'succeeded', verification: check.evidence } });
      deps.ledger.updateAction(action.id, { state: 'succeeded', finishedMs: now }, now);
      deps.metrics.actions.inc({ playbook: action.playbook, result: 'succeeded' });
    } else {
      const detail = check.ok ? `${check.why} after ${action.playbook}` : `could not verify: ${check.error}`;
      await deps.audit.record({ atMs: now, actor: deps.actor, kind: 'action.unverified', data: { ...base, result: 'escalated', detail } });
      // Missing evidence is not a verified failure of the playbook, and never a success.
      await escalate(deps, action, check.ok ? (check.series > 0 ? 'drift-persists' : 'no-evidence') : 'verification-failed', detail);
      deps.ledger.updateAction(action.id, { state: 'escalated', finishedMs: now, detail }, now);
      deps.metrics.actions.inc({ playbook: action.playbook, result: 'escalated' });
    }
  }
}

/** Hands an action to a person: an audit record plus a counter the on-call alert watches. */
export async function escalate(deps: EngineDeps, action: ActionRecord, reason: string, detail: string): Promise<void> {
  await deps.audit.record({
    atMs: deps.now(),
    actor: deps.actor,
    kind: 'escalation',
    data: { actionId: action.id, node: action.node, region: action.region, rule: action.rule, reason, detail },
  });
  deps.metrics.escalations.inc({ reason });
}
