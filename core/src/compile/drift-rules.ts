/**
 * Step "drift": one `plumb:config_drift:info` recording rule per (workload, dimension)
 * with an expectation, grouped per workload. The constant labels carry what the
 * remediation handler needs: severity, playbook, approval and the stable rule id.
 */
import type { DimensionRule, Model } from '../spec/model';
import { compileHashCountRule, consistencyDriftExpr } from './drift-consistency';
import { withExceptions } from './drift-exceptions';
import { rangeDriftExpr } from './drift-range';
import { valuesDriftExpr } from './drift-values';
import { compileExceptedRules } from './excepted-rules';
import { compileMissingRule, compilePartlyCollectedRule, MISSING_REASON, missingSeries } from './missing-rules';
import type { Hasher } from './expected-hashes';
import { indent } from './promql';
import { labelList, withNodeLabels, type RecordingRule, type RuleGroup } from './rules';
import { RECORD } from '../contract/metrics';

/** Selects the drifted config series of a rule, before exceptions; undefined when nothing is expected. */
export function driftedSeries(rule: DimensionRule, hash: Hasher, job: string): string | undefined {
  switch (rule.check.kind) {
    case 'values':
    case 'version':
      return valuesDriftExpr(rule, hash, job);
    case 'range':
      return rangeDriftExpr(rule, job);
    case 'consistency':
      return consistencyDriftExpr(rule, job);
    case 'none':
      return undefined;
  }
}

/** Labels of `plumb:config_drift:unlabeled` before the rule's constant labels: the drift's own, no node metadata. */
const UNLABELED_BY = labelList(['instance', 'workload', 'dimension', 'hash', 'value']);

/** The drift recording rule of one (workload, dimension), or undefined when it has no expectation. */
export function compileDriftRule(rule: DimensionRule, hash: Hasher, job: string): RecordingRule | undefined {
  const drifted = driftedSeries(rule, hash, job);
  if (drifted === undefined) return undefined;
  return {
    record: RECORD.driftUnlabeled,
    // A fixed label set keeps target labels (job, pod, …) out of alert identities.
    expr: `max by (${UNLABELED_BY}) (\n${indent(withExceptions(rule, drifted, job))}\n)`,
    labels: { severity: rule.severity, playbook: rule.playbook.action, approval: rule.playbook.approval, rule: rule.id },
  };
}

/**
 * `plumb:config_drift:info` of every dimension rule: the unlabeled drift with node labels
 * joined on, once for all rules (a join per rule would read every node's labels once per
 * dimension). Missing drift is recorded with its labels by the missing rules.
 */
export function compileDriftLabelRule(): RecordingRule {
  return { record: RECORD.drift, expr: withNodeLabels(RECORD.driftUnlabeled) };
}

/** The rules of one (workload, dimension): drift and excepted drift (missing drift is per workload). */
function compileDimensionRules(rule: DimensionRule, hash: Hasher, job: string): RecordingRule[] {
  const out: RecordingRule[] = rule.check.kind === 'consistency' ? [compileHashCountRule(rule, job)] : [];
  const drift = compileDriftRule(rule, hash, job);
  if (drift !== undefined) out.push(drift);
  const drifted = driftedSeries(rule, hash, job);
  if (drifted !== undefined) out.push(...compileExceptedRules(rule, drifted, rule.severity, job));
  if (!rule.optional) out.push(...compileExceptedRules(rule, missingSeries(rule), rule.missingSeverity, job, MISSING_REASON));
  return out;
}

/**
 * The `plumb-drift-<workload>` groups, sorted by workload, rules sorted by dimension key;
 * each ends with the workload's missing-drift and partly-collected rules (read from the
 * absence record, which precedes every group: see missing-rules.ts).
 */
export function compileDriftRules(model: Model, hash: Hasher): RuleGroup[] {
  const job = model.settings.scrapeJob;
  const byWorkload = new Map<string, DimensionRule[]>();
  const rules = [...model.rules].sort((a, b) => (a.workload === b.workload ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.workload < b.workload ? -1 : 1));
  for (const rule of rules) byWorkload.set(rule.workload, [...(byWorkload.get(rule.workload) ?? []), rule]);
  return [...byWorkload.entries()]
    .map(([workload, list]) => ({
      name: `plumb-drift-${workload}`,
      rules: [
        ...list.flatMap((r) => compileDimensionRules(r, hash, job)),
        ...[compileMissingRule(list), compilePartlyCollectedRule(list)].filter((r): r is RecordingRule => r !== undefined),
      ],
    }))
    .filter((g) => g.rules.length > 0);
}
