/**
 * Absence is information: a dimension the spec expects on a workload and that a node
 * running the workload does not report is drift of its own kind (`reason="missing"`),
 * unless the spec marks it optional. While any collector of the node failed, the
 * dimension may only be missing from the report, so it is unknown instead
 * (`plumb:config_unknown:info`), never compliant.
 *
 * Presence and absence are read from the scraped `plumb_config_info` (and
 * `plumb_collector_success`) in one query, one snapshot: the absence of a recorded
 * series next to the presence of another recorded earlier is never taken as missing.
 */
import type { DimensionRule } from '../spec/model';
import { indent, selector } from './promql';
import { DRIFT_LABELS, labelList, type RecordingRule } from './rules';
import { withNodeExceptions } from './drift-exceptions';
import { METRIC, NODE_LABELS, RECORD } from '../contract/metrics';

/** The `reason` label value of missing drift. */
export const MISSING_REASON = 'missing';
/** The `reason` label value of a dimension unknown because a collector failed. */
export const PARTLY_COLLECTED_REASON = 'collector-failed';

/** Nodes running the workload without reporting the dimension, as scraped (`instance, workload`). */
function unreported(rule: DimensionRule, job: string): string {
  const workload = selector(METRIC.configInfo, [
    ['job', '=', job],
    ['workload', '=', rule.workload],
  ]);
  const dimension = selector(METRIC.configInfo, [
    ['job', '=', job],
    ['workload', '=', rule.workload],
    ['dimension', '=', rule.key],
  ]);
  return `group by (instance, workload) (${workload})\nunless on (instance, workload)\n${dimension}`;
}

/** `unless` (complete report) or `and` (partial report): whether any collector of the node failed in this snapshot. */
function partial(op: 'unless' | 'and', job: string): string {
  return `${op} on (instance)\n(min by (instance) (${selector(METRIC.collectorSuccess, [['job', '=', job]])}) == 0)`;
}

/** Adds the node labels and the `dimension` label to `instance, workload` series. */
function labeledAs(rule: DimensionRule, series: string): string {
  const joined = `(\n${indent(series)}\n)\n* on (instance) group_left (${labelList(NODE_LABELS.filter((l) => l !== 'instance'))})\n${RECORD.nodeInfoLast}`;
  return `label_replace(\n${indent(joined)},\n  "dimension", ${JSON.stringify(rule.key)}, "", ""\n)`;
}

/** Labeled (node, workload, dimension) series of nodes that miss the dimension, before exceptions. */
export function missingSeries(rule: DimensionRule, job: string): string {
  return labeledAs(rule, `${unreported(rule, job)}\n${partial('unless', job)}`);
}

/** The missing-drift rule of one (workload, dimension), or undefined when the dimension is optional. */
export function compileMissingRule(rule: DimensionRule, job: string): RecordingRule | undefined {
  if (rule.optional) return undefined;
  const missing = missingSeries(rule, job);
  return {
    record: RECORD.drift,
    expr: `max by (${labelList(DRIFT_LABELS)}) (\n${indent(withNodeExceptions(rule, missing))}\n)`,
    labels: {
      severity: rule.missingSeverity,
      playbook: rule.missingPlaybook.action,
      approval: rule.missingPlaybook.approval,
      rule: rule.id,
      reason: MISSING_REASON,
    },
  };
}

/** The rule marking the dimension unknown on nodes that lack it while a collector failed. */
export function compilePartlyCollectedRule(rule: DimensionRule, job: string): RecordingRule | undefined {
  if (rule.optional) return undefined;
  return {
    record: RECORD.configUnknown,
    expr: `max by (${labelList([...NODE_LABELS, 'workload', 'dimension'])}) (\n${indent(labeledAs(rule, `${unreported(rule, job)}\n${partial('and', job)}`))}\n)`,
    labels: { reason: PARTLY_COLLECTED_REASON, rule: rule.id },
  };
}
