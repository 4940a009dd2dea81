/**
 * Absence is information: a dimension the spec expects on a workload and that a node
 * running the workload does not report is drift of its own kind (`reason="missing"`),
 * unless the spec marks it optional. While any collector of the node failed, the
 * dimension may only be missing from the report, so it is unknown instead
 * (`plumb:config_unknown:info`), never compliant.
 *
 * Cost: one rule per workload, not per dimension. The (node, dimension) grid is built
 * from `plumb:node_workload:info` (per node and workload, the number of required
 * dimensions reported, recorded once per cycle): only nodes below the workload's count,
 * one `label_replace` per dimension; the scraped `plumb_config_info` of the workload is
 * read twice. A per-dimension rule had to read every series of the workload to learn
 * which nodes run it: series × dimensions.
 *
 * Churn is never drift: the grid is a record of an earlier moment, so the rule reads
 * "runs the workload", "lacks the dimension" and "a collector failed" again from the
 * scraped series in its own query, one snapshot. A node the record lists and that no
 * longer runs the workload (or left) is never missing; a node that just started running
 * it, or that was complete when the record was written, is judged one cycle later.
 */
import type { DimensionRule } from '../spec/model';
import { indent, orAll, quote, selector } from './promql';
import { DRIFT_LABELS, labelList, type RecordingRule } from './rules';
import { withNodeExceptions } from './drift-exceptions';
import { METRIC, NODE_LABELS, RECORD } from '../contract/metrics';

/** The `reason` label value of missing drift. */
export const MISSING_REASON = 'missing';
/** The `reason` label value of a dimension unknown because a collector failed. */
export const PARTLY_COLLECTED_REASON = 'collector-failed';

/** `series` with constant labels set (label_replace with an empty source always matches). */
function withLabels(series: string, labels: readonly (readonly [string, string])[]): string {
  return labels.reduce((s, [name, value]) => `label_replace(${s}, ${quote(name)}, ${quote(value)}, "", "")`, series);
}

/** Required dimensions of the rule's workload. */
function requiredCount(rule: DimensionRule, model: readonly DimensionRule[]): number {
  return model.filter((r) => r.workload === rule.workload && !r.optional).length;
}

/**
 * The grid slice of one dimension: the nodes the record says run the workload and report
 * fewer of its required dimensions than there are (usually few), valued 1.
 */
function slice(rule: DimensionRule, required: number, labels: readonly (readonly [string, string])[]): string {
  const nodes = `(0 * (${selector(RECORD.nodeWorkload, [['workload', '=', rule.workload]])} < ${required}) + 1)`;
  return withLabels(nodes, [['dimension', rule.key], ...labels]);
}

/** `slice` minus what the scraped series say in one snapshot: reported, or no longer running the workload. */
function unreported(workload: string, grid: string, job: string): string {
  const scraped = selector(METRIC.configInfo, [
    ['job', '=', job],
    ['workload', '=', workload],
  ]);
  return `(\n${indent(grid)}\n)\nunless on (instance, workload, dimension)\n${scraped}\nand on (instance, workload)\n${scraped}`;
}

/** `unless` (complete report) or `and` (partial report): whether any collector of the node failed in this snapshot. */
function partial(op: 'unless' | 'and', job: string): string {
  return `${op} on (instance)\n(min by (instance) (${selector(METRIC.collectorSuccess, [['job', '=', job]])}) == 0)`;
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

/** Labeled (node, workload, dimension) series of nodes that miss the dimension, before exceptions. */
export function missingSeries(rule: DimensionRule, rules: readonly DimensionRule[], job: string): string {
  return `${unreported(rule.workload, slice(rule, requiredCount(rule, rules), []), job)}\n${partial('unless', job)}`;
}

const MISSING_BY = labelList([...DRIFT_LABELS, 'severity', 'playbook', 'approval', 'rule']);
const UNKNOWN_BY = labelList([...NODE_LABELS, 'workload', 'dimension', 'rule']);

/** The missing-drift rule of one workload's expected dimensions (`rules`, non-optional ones of one workload). */
export function compileMissingRule(rules: readonly DimensionRule[], job: string): RecordingRule | undefined {
  const expected = rules.filter((r) => !r.optional);
  const first = expected[0];
  if (first === undefined) return undefined;
  const grid = orAll(expected.map((r) => withNodeExceptions(r, slice(r, expected.length, missingLabels(r)))));
  return {
    record: RECORD.drift,
    expr: `max by (${MISSING_BY}) (\n${indent(`${unreported(first.workload, grid, job)}\n${partial('unless', job)}`)}\n)`,
    // `workload` (already on every series) keeps the per-workload rules apart for promtool's duplicate check.
    labels: { workload: first.workload, reason: MISSING_REASON },
  };
}

/** The rule marking a workload's expected dimensions unknown on nodes that lack them while a collector failed. */
export function compilePartlyCollectedRule(rules: readonly DimensionRule[], job: string): RecordingRule | undefined {
  const expected = rules.filter((r) => !r.optional);
  const first = expected[0];
  if (first === undefined) return undefined;
  const grid = orAll(expected.map((r) => slice(r, expected.length, [['rule', r.id]])));
  return {
    record: RECORD.configUnknown,
    expr: `max by (${UNKNOWN_BY}) (\n${indent(`${unreported(first.workload, grid, job)}\n${partial('and', job)}`)}\n)`,
    labels: { workload: first.workload, reason: PARTLY_COLLECTED_REASON },
  };
}
