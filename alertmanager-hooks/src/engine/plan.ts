/**
 * From an alert to an intended action, pure. The alert carries the playbook and
 * approval the compiled rules set; the spec (when loaded) fills them in for
 * alerts that lack them.
 */
import { createHash } from 'node:crypto';
import { ALERT, PLUMB_CLASS } from '@plumb/core/contract';
import { playbookFromLabel } from '../playbooks/catalog';
import type { ActionRecord } from '../ledger/action';

export type AlertClass = 'drift' | 'widespread' | 'symptom-slo' | 'unknown' | 'other';

export function classifyAlert(labels: Record<string, string>): AlertClass {
  const cls = labels.plumb_class;
  if (labels.alertname === ALERT.configDrift) return 'drift';
  if (cls === PLUMB_CLASS.circuitBreaker || labels.alertname === ALERT.widespreadDrift) return 'widespread';
  if (cls === PLUMB_CLASS.symptomSlo || labels.alertname === ALERT.symptomSLOBreach) return 'symptom-slo';
  if (cls === PLUMB_CLASS.unknown || labels.alertname === ALERT.nodeUnknown) return 'unknown';
  return 'other';
}

export interface RulePlaybook {
  action: string;
  approval: 'required' | 'none';
}

/** What an alert asks for: the identifying part of the ledger's action record. */
export type PlannedAction = Pick<ActionRecord, 'node' | 'region' | 'pool' | 'workload' | 'dimension' | 'severity' | 'rule' | 'platform' | 'playbook' | 'approvalRequired'>;

export type Plan = { ok: true; plan: PlannedAction } | { ok: false; reason: string };

const REQUIRED = ['node', 'region', 'workload', 'dimension', 'severity'] as const;

export function planFromAlert(labels: Record<string, string>, rules: ReadonlyMap<string, RulePlaybook> = new Map()): Plan {
  const missing = REQUIRED.filter((k) => !labels[k]);
  if (missing.length > 0) return { ok: false, reason: `drift alert lacks label(s) ${missing.join(', ')}` };
  const rule = labels.rule || `${labels.workload}/${labels.dimension}`;
  const fromSpec = rules.get(rule);
  const playbookLabel = labels.playbook ?? fromSpec?.action;
  if (playbookLabel === 'none' || playbookLabel === undefined) return { ok: false, reason: `rule ${rule} has no playbook: record only` };
  const playbook = playbookFromLabel(playbookLabel);
  if (playbook === undefined) return { ok: false, reason: `unknown playbook "${playbookLabel}" on rule ${rule}` };
  const approval = labels.approval ?? fromSpec?.approval ?? 'required';
  return {
    ok: true,
    plan: {
      node: labels.node!,
      region: labels.region!,
      pool: labels.pool ?? '',
      workload: labels.workload!,
      dimension: labels.dimension!,
      severity: labels.severity!,
      rule,
      platform: labels.platform ?? 'k8s',
      playbook,
      // Anything but an explicit "none" needs a person: a typo must not skip approval.
      approvalRequired: approval !== 'none',
    },
  };
}

/** Stable action id: the same alert episode and playbook always give the same id. */
export function actionId(fingerprint: string, startsAt: string, playbook: string): string {
  const canonicalStart = new Date(startsAt).toISOString();
  return `act-${createHash('sha256').update(`${fingerprint}\n${canonicalStart}\n${playbook}`).digest('hex').slice(0, 20)}`;
}
