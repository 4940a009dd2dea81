/**
 * Turns ledger alerts into actions and signals. Runs on the leader only. The
 * audit record is written before the ledger marks the alert handled: a crash in
 * between repeats the record (same action id), never loses it.
 */
import { notStarted, type ActionRecord } from '../ledger/action';
import type { StoredAlert } from '../ledger/ledger';
import type { EngineDeps } from './deps';
import { modeFor } from './modes';
import { actionId, classifyAlert, planFromAlert } from './plan';
import { withActionLock } from './action-lock';
import { checkIdentity } from './identity';
import { holdsQuarantine, releaseIfClean } from './release';

const alertRef = (a: StoredAlert) => ({
  fingerprint: a.fingerprint,
  startsAt: a.startsAt,
  alertname: a.labels.alertname,
  summary: a.annotations.summary,
});

export async function handlePendingAlerts(deps: EngineDeps): Promise<number> {
  const pending = deps.ledger.pendingAlerts();
  // Alerts are independent: their records are linked in order and share group commits.
  await Promise.all(
    pending.map(async (alert) => {
      if (alert.kind === 'firing') await onFiring(deps, alert);
      else await onResolved(deps, alert);
      deps.ledger.markAlertHandled(alert.fingerprint, alert.startsAt, alert.kind);
    }),
  );
  return pending.length;
}

async function onFiring(deps: EngineDeps, alert: StoredAlert): Promise<void> {
  const now = deps.now();
  const cls = classifyAlert(alert.labels);
  if (cls !== 'drift') {
    if (cls !== 'other') {
      await deps.audit.record({
        atMs: now,
        actor: deps.actor,
        kind: 'signal',
        data: { class: cls, status: 'firing', alert: alertRef(alert), labels: alert.labels },
      });
      if (cls === 'widespread') deps.metrics.escalations.inc({ reason: 'circuit-breaker' });
    }
    return;
  }
  const planned = planFromAlert(alert.labels, deps.rules);
  if (!planned.ok) {
    // Labels that contradict the spec are refused, so a forged alert shows as a refusal.
    const result = planned.forged ? 'refused' : 'no-action';
    await deps.audit.record({
      atMs: now,
      actor: deps.actor,
      kind: 'decision',
      data: {
        result,
        ...(planned.forged ? { refusedBy: 'spec-authority' } : {}),
        detail: planned.reason,
        alert: alertRef(alert),
        labels: alert.labels,
        rule: alert.labels.rule,
      },
    });
    deps.metrics.decisions.inc({ result, mode: 'n/a' });
    return;
  }
  const p = planned.plan;
  const identity = checkIdentity(alert.labels, {
    allowWithoutDiscovery: deps.config.identity.allowWithoutDiscovery,
    emrCluster: p.platform === 'emr' ? deps.config.emr?.clusters[p.region] : undefined,
  });
  if (!identity.ok) {
    await deps.audit.record({
      atMs: now,
      actor: deps.actor,
      kind: 'decision',
      data: { result: 'refused', refusedBy: 'identity', detail: identity.reason, node: p.node, rule: p.rule, alert: alertRef(alert), labels: alert.labels },
    });
    deps.metrics.decisions.inc({ result: 'refused', mode: 'n/a' });
    deps.metrics.refusals.inc({ guardrail: 'identity' });
    return;
  }
  const mode = modeFor(deps.config.modes.rules, deps.config.modes.default, p.region, p.workload);
  const id = actionId(alert.fingerprint, alert.startsAt, p.playbook);
  const state = mode === 'observe' ? 'observed' : p.approvalRequired && mode === 'enforce' ? 'awaiting-approval' : 'pending';
  const action: ActionRecord = {
    id,
    fingerprint: alert.fingerprint,
    startsAt: alert.startsAt,
    ...p,
    mode,
    state,
    requestedBy: deps.actor,
    ...notStarted(now),
    detail: alert.annotations.summary,
    inverseOf: undefined,
  };
  if (deps.ledger.getAction(id) !== undefined) return; // handled before a crash
  if (state !== 'pending') {
    const result = state === 'observed' ? 'observed' : 'approval-requested';
    await deps.audit.record({ atMs: now, actor: deps.actor, kind: 'decision', data: { actionId: id, result, mode, ...p, alert: alertRef(alert) } });
    deps.metrics.decisions.inc({ result, mode });
  }
  deps.ledger.insertAction(action);
}

async function onResolved(deps: EngineDeps, alert: StoredAlert): Promise<void> {
  const now = deps.now();
  const cls = classifyAlert(alert.labels);
  if (cls !== 'drift') {
    if (cls !== 'other')
      await deps.audit.record({
        atMs: now,
        actor: deps.actor,
        kind: 'signal',
        data: { class: cls, status: 'resolved', alert: alertRef(alert), labels: alert.labels },
      });
    return;
  }
  for (const found of deps.ledger.actionsForAlert(alert.fingerprint, alert.startsAt)) {
    await withActionLock(found.id, async () => {
      const current = deps.ledger.getAction(found.id)!;
      if (!['pending', 'deferred', 'awaiting-approval', 'approved'].includes(current.state)) return false;
      await deps.audit.record({
        atMs: now,
        actor: deps.actor,
        kind: 'decision',
        data: { actionId: current.id, result: 'cancelled', detail: 'the drift alert resolved before the action ran', alert: alertRef(alert) },
      });
      deps.ledger.updateAction(current.id, { state: 'cancelled', finishedMs: now }, now);
      deps.metrics.decisions.inc({ result: 'cancelled', mode: current.mode });
      return true;
    });
    const action = deps.ledger.getAction(found.id)!;
    // The node is clean again: lift the quarantine this alert caused, on positive evidence
    // only. A quarantine still running now is released when it finishes (execute.ts).
    if (holdsQuarantine(action)) await releaseIfClean(deps, action, alertRef(alert), 'drift resolved');
  }
}
