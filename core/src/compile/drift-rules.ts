/**
 * Step "drift": one `plumb:config_drift:info` recording rule per (workload, dimension)
 * with an expectation, grouped per workload. The constant labels carry what the
 * remediation handler needs: severity, playbook, approval and the stable rule id.
 */
import type { DimensionRule, Model } from '../spec/model';
import { consistencyDriftExpr } from './drift-consistency';
import { withExceptions } from './drift-exceptions';
import { rangeDriftExpr } from './drift-range';
import { valuesDriftExpr } from './drift-values';
import type { Hasher } from './expected-hashes';
import { indent } from './promql';
import { DRIFT_LABELS, labelList, type RecordingRule, type RuleGroup } from './rules';
import { RECORD } from '../contract/metrics';

/** Selects the drifted labeled series of a rule, before exceptions; undefined when nothing is expected. */
function driftedSeries(rule: DimensionRule, hash: Hasher, job: string): string | undefined {
  switch (rule.check.kind) {
    case 'values':
    case 'version':
      return valuesDriftExpr(rule, hash);
    case 'range':
      return rangeDriftExpr(rule, job);
    case 'consistency':
      return consistencyDriftExpr(rule);
    case 'none':
      return undefined;
  }
}

/** The drift recording rule of one (workload, dimension), or undefined when it has no expectation. */
export function compileDriftRule(rule: DimensionRule, hash: Hasher, job: string): RecordingRule | undefined {
  const drifted = driftedSeries(rule, hash, job);
  if (drifted === undefined) return undefined;
  return {
    record: RECORD.drift,
    // A fixed label set keeps target labels (job, pod, …) out of alert identities.
    expr: `max by (${labelList(DRIFT_LABELS)}) (\n${indent(withExceptions(rule, drifted))}\n)`,
    labels: { severity: rule.severity, playbook: rule.playbook.action, approval: rule.playbook.approval, rule: rule.id },
  };
}

/** The `plumb-drift-<workload>` groups, sorted by workload, rules sorted by dimension key. */
export function compileDriftRules(model: Model, hash: Hasher): RuleGroup[] {
  const byWorkload = new Map<string, RecordingRule[]>();
  const rules = [...model.rules].sort((a, b) => (a.workload === b.workload ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.workload < b.workload ? -1 : 1));
  for (const rule of rules) {
    const compiled = compileDriftRule(rule, hash, model.settings.scrapeJob);
    if (compiled === undefined) continue;
    const list = byWorkload.get(rule.workload) ?? [];
    list.push(compiled);
    byWorkload.set(rule.workload, list);
  }
  return [...byWorkload.entries()].map(([workload, list]) => ({ name: `plumb-drift-${workload}`, rules: list }));
}
