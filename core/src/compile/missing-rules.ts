/**
 * Absence is information: a dimension the spec expects on a workload and that a node
 * running the workload does not report is drift of its own kind (`reason="missing"`),
 * unless the spec marks it optional. While any collector of the node failed, the
 * dimension may only be missing from the report, so it is unknown instead
 * (`plumb:config_unknown:info`), never compliant.
 *
 * Cost: the scraped `plumb_config_info` is read twice per cycle, by one rule:
 * `plumb:config_absent:info` records every (node, expected dimension) the node does not
 * report, valued with whether all its collectors succeeded in the same snapshot.
 * The missing, unknown and excepted-missing rules read only that small record. The
 * (node, dimension) grid is built from `plumb:node_workload:incomplete` (the nodes below
 * their workload's count of required dimensions, usually none, read from
 * `plumb:node_workload:info` once), one `label_replace` per dimension. A per-dimension
 * rule had to read every series of the workload to learn which nodes run it: series ×
 * dimensions.
 *
 * Churn is never drift: the grid is a record of an earlier moment, so the absence rule
 * reads "runs the workload", "lacks the dimension" and "a collector failed" again from
 * the scraped series in its own query, one snapshot. A node the record lists and that no
 * longer runs the workload (or left) is never missing; a node that just started running
 * it, or that was complete when the record was written, is judged one cycle later.
 */
import type { DimensionRule, Model } from '../spec/model';
import { anyOf, indent, orAll, quote, selector } from './promql';
import { DRIFT_LABELS, labelList, type RecordingRule } from './rules';
import { withNodeExceptions } from './drift-exceptions';
import { requiredByWorkload } from './required-dimensions';
import { METRIC, NODE_LABELS, RECORD } from '../contract/metrics';

/** The `reason` label value of missing drift. */
export const MISSING_REASON = 'missing';
/** The `reason` label value of a dimension unknown because a collector failed. */
export const PARTLY_COLLECTED_REASON = 'collector-failed';

/** `series` with constant labels set (label_replace with an empty source always matches). */
function withLabels(series: string, labels: readonly (readonly [string, string])[]): string {
  return labels.reduce((s, [name, value]) => `label_replace(${s}, ${quote(name)}, ${quote(value)}, "", "")`, series);
}

/**
 * The nodes that run a workload and report fewer of its required dimensions than it has
 * (usually none): read once here, so each dimension's slice of the grid reads only them.
 */
export function compileIncompleteRule(model: Model): RecordingRule | undefined {
  const parts = requiredByWorkload(model).map(([w, rules]) => `${selector(RECORD.nodeWorkload, [['workload', '=', w]])} < ${rules.length}`);
  if (parts.length === 0) return undefined;
  return { record: RECORD.nodeWorkloadIncomplete, expr: parts.join('\nor\n') };
}

/** The grid slice of one dimension: the incomplete nodes of its workload, valued 1. */
function slice(rule: DimensionRule): string {
  const nodes = `(0 * ${selector(RECORD.nodeWorkloadIncomplete, [['workload', '=', rule.workload]])} + 1)`;
  return withLabels(nodes, [['dimension', rule.key]]);
}

/** The grid minus what the scraped series say in one snapshot: reported, or no longer running the workload. */
function unreported(workloads: readonly string[], grid: string, job: string): string {
  const scraped = selector(METRIC.configInfo, [
    ['job', '=', job],
    ['workload', '=~', anyOf(workloads)],
  ]);
  return `(\n${indent(grid)}\n)\nunless on (instance, workload, dimension)\n${scraped}\nand on (instance, workload)\n${scraped}`;
}

/**
 * Per node of the grid, 1 when every collector succeeded or it reports no collector
 * status (the dimension is missing), 0 when any failed (unknown); the status is read in
 * the snapshot of the query it is part of. The fallback covers every node of the grid,
 * so no status never drops an absence.
 */
function collectorsSucceeded(job: string): string {
  const success = selector(METRIC.collectorSuccess, [['job', '=', job]]);
  return `(\n  (min by (instance) (${success}) != bool 0)\n  or on (instance)\n  (0 * group by (instance) (${RECORD.nodeWorkloadIncomplete}) + 1)\n)`;
}

const ABSENT_BY = labelList([...NODE_LABELS, 'workload', 'dimension']);

/**
 * The absence record of every expected dimension: one series per (node, dimension) not
 * reported by a node running its workload, 1 when the node's collectors all succeeded
 * (missing), 0 when one failed (unknown). One rule for all workloads, so the collectors'
 * status is read once; it precedes every rule that reads it.
 */
export function compileAbsentRule(model: Model): RecordingRule | undefined {
  const job = model.settings.scrapeJob;
  const required = requiredByWorkload(model);
  const workloads = required.map(([w]) => w);
  if (workloads.length === 0) return undefined;
  const slices = required.flatMap(([, rules]) => rules.map(slice));
  return {
    record: RECORD.configAbsent,
    expr: `max by (${ABSENT_BY}) (\n${indent(unreported(workloads, orAll(slices), job))}\n)\n* on (instance) group_left ()\n${collectorsSucceeded(job)}`,
  };
}

/** The absent series of one dimension, 1 (missing: collectors succeeded) or 0 (unknown: one failed). */
function absent(rule: DimensionRule, missing: boolean): string {
  return `(${selector(RECORD.configAbsent, [
    ['workload', '=', rule.workload],
    ['dimension', '=', rule.key],
  ])} == ${missing ? 1 : 0})`;
}

/** The constant labels of one dimension's missing drift. */
function missingLabels(rule: DimensionRule): [string, string][] {
  return [
    ['severity', rule.missingSeverity],
    ['playbook', rule.missingPlaybook.action],
    ['approval', rule.missingPlaybook.approval],
    ['rule', rule.id],
  ];
}

/** The (node, workload, dimension) series of nodes that miss the dimension, before exceptions. */
export function missingSeries(rule: DimensionRule): string {
  return absent(rule, true);
}

const MISSING_BY = labelList([...DRIFT_LABELS, 'severity', 'playbook', 'approval', 'rule']);
const UNKNOWN_BY = labelList([...NODE_LABELS, 'workload', 'dimension', 'rule']);

/** The missing-drift rule of one workload's expected dimensions (`rules`, one workload's). */
export function compileMissingRule(rules: readonly DimensionRule[]): RecordingRule | undefined {
  const expected = rules.filter((r) => !r.optional);
  const first = expected[0];
  if (first === undefined) return undefined;
  const grid = orAll(expected.map((r) => withLabels(withNodeExceptions(r, missingSeries(r)), missingLabels(r))));
  return {
    record: RECORD.drift,
    expr: `max by (${MISSING_BY}) (\n${indent(grid)}\n)`,
    // `workload` (already on every series) keeps the per-workload rules apart for promtool's duplicate check.
    labels: { workload: first.workload, reason: MISSING_REASON },
  };
}

/** The rule marking a workload's expected dimensions unknown on nodes that lack them while a collector failed. */
export function compilePartlyCollectedRule(rules: readonly DimensionRule[]): RecordingRule | undefined {
  const expected = rules.filter((r) => !r.optional);
  const first = expected[0];
  if (first === undefined) return undefined;
  const grid = orAll(expected.map((r) => withLabels(`(${absent(r, false)} + 1)`, [['rule', r.id]])));
  return {
    record: RECORD.configUnknown,
    expr: `max by (${UNKNOWN_BY}) (\n${indent(grid)}\n)`,
    labels: { workload: first.workload, reason: PARTLY_COLLECTED_REASON },
  };
}
