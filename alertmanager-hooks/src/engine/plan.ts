/**
 * From an alert to an intended action, pure. Authority flows from the spec: when the
 * handler has it, the rule's playbook and approval are the spec's, and an alert's
 * labels can only make the decision stricter (record only, or ask for approval).
 * Anyone who can post to Alertmanager can write labels, so a label that asks for
 * more action or less approval than the spec is refused and audited as forged.
 * Without a spec the labels the compiled rules set are all there is.
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
export type PlannedAction = Pick<
  ActionRecord,
  'node' | 'region' | 'pool' | 'workload' | 'dimension' | 'severity' | 'rule' | 'platform' | 'playbook' | 'approvalRequired'
>;

/** `forged`: the labels contradict the spec, as no compiled rule would write them. */
export type Plan = { ok: true; plan: PlannedAction } | { ok: false; reason: string; forged?: true };

type Authority = { ok: true; action: string; approval: string } | Extract<Plan, { ok: false }>;

/** The playbook and approval a rule gets: the spec's, made stricter (never weaker) by the labels. */
function authority(labels: Record<string, string>, rule: string, rules: ReadonlyMap<string, RulePlaybook>): Authority {
  if (rules.size === 0) return { ok: true, action: labels.playbook ?? 'none', approval: labels.approval ?? 'required' };
  const fromSpec = rules.get(rule);
  if (fromSpec === undefined) return { ok: false, forged: true, reason: `rule ${rule} is not in the spec: the handler acts only on rules the spec defines` };
  if (rule !== `${labels.workload}/${labels.dimension}`)
    return { ok: false, forged: true, reason: `rule label ${rule} does not name the alert's workload/dimension ${labels.workload}/${labels.dimension}` };
  const asked = labels.playbook;
  if (asked === 'none') return { ok: false, reason: `the alert asks to record only (the spec's playbook for ${rule} is ${fromSpec.action})` };
  if (asked !== undefined && asked !== fromSpec.action)
    return {
      ok: false,
      forged: true,
      reason: `label playbook=${asked} contradicts the spec's ${fromSpec.action} for rule ${rule}; alert labels can only make a decision stricter`,
    };
  // More approval is stricter; less is not: a spec that requires approval keeps it.
  const approval = fromSpec.approval === 'required' || (labels.approval !== undefined && labels.approval !== 'none') ? 'required' : 'none';
  return { ok: true, action: fromSpec.action, approval };
}

const REQUIRED = ['node', 'region', 'workload', 'dimension', 'severity'] as const;

export function planFromAlert(labels: Record<string, string>, rules: ReadonlyMap<string, RulePlaybook> = new Map()): Plan {
  const missing = REQUIRED.filter((k) => !labels[k]);
  if (missing.length > 0) return { ok: false, reason: `drift alert lacks label(s) ${missing.join(', ')}` };
  const rule = labels.rule || `${labels.workload}/${labels.dimension}`;
  const decided = authority(labels, rule, rules);
  if (!decided.ok) return decided;
  if (decided.action === 'none') return { ok: false, reason: `rule ${rule} has no playbook: record only` };
  const playbook = playbookFromLabel(decided.action);
  if (playbook === undefined) return { ok: false, reason: `unknown playbook "${decided.action}" on rule ${rule}` };
  const approval = decided.approval;
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
