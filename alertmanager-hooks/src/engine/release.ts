/**
 * Lifting a quarantine once its drift alert resolved. An alert also resolves when the node
 * stops reporting, so the release needs the positive evidence a verification does
 * (verify/evidence.ts); without it the quarantine stays and a person is told. Called when the
 * alert resolves, and when a quarantine that was still running then finishes: a quarantine
 * must not outlive its drift because the two crossed.
 */
import { alertKey } from '../state/kinds';
import { inverseOf, type ActionRecord } from '../ledger/action';
import { PLAYBOOK_TRAITS } from '../playbooks/catalog';
import type { EngineDeps } from './deps';
import { escalate } from './execute';

/** The alert as audit records name it. */
export interface AlertRef {
  fingerprint: string;
  startsAt: string;
  alertname: string | undefined;
  summary: string | undefined;
}

/** A quarantine the handler applied (not a release, not a rollback) that now holds the node. */
export const holdsQuarantine = (a: ActionRecord) => a.playbook === 'quarantine' && a.state === 'succeeded' && a.inverseOf === undefined;

/** The drift alert of an action, when the ledger says it resolved. */
export function resolvedAlertOf(deps: EngineDeps, action: ActionRecord): AlertRef | undefined {
  if (action.fingerprint === undefined || action.startsAt === undefined) return undefined;
  const alert = deps.ledger.getAlert(alertKey(action.fingerprint, action.startsAt));
  if (alert?.status !== 'resolved') return undefined;
  return { fingerprint: alert.fingerprint, startsAt: alert.startsAt, alertname: alert.labels.alertname, summary: alert.annotations.summary };
}

/** Plans the release of a quarantine whose alert resolved, on positive evidence only. */
export async function releaseIfClean(deps: EngineDeps, action: ActionRecord, alert: AlertRef, why: string): Promise<void> {
  const now = deps.now();
  const check = await deps.verifier.driftCleared(action.region, action.node, action.workload, action.dimension, action.startedMs);
  if (!check.ok || !check.cleared) {
    const detail = `quarantine kept: ${check.ok ? check.why : `could not verify: ${check.error}`}`;
    await deps.audit.record({
      atMs: now,
      actor: deps.actor,
      kind: 'decision',
      data: { actionId: action.id, result: 'release-withheld', node: action.node, detail, alert },
    });
    await escalate(deps, action, 'release-withheld', detail);
    return;
  }
  const release = inverseOf(action, {
    idSuffix: 'release',
    playbook: PLAYBOOK_TRAITS.quarantine.inverse!,
    requestedBy: deps.actor,
    detail: `${why}: release the quarantine`,
    nowMs: now,
  });
  if (deps.ledger.insertAction(release)) {
    await deps.audit.record({
      atMs: now,
      actor: deps.actor,
      kind: 'decision',
      data: { actionId: release.id, result: 'release-planned', inverseOf: action.id, node: action.node, detail: why, verification: check.evidence, alert },
    });
  }
}
