/**
 * Absence is information: a dimension the spec expects on a workload and that a node
 * running the workload does not report is drift of its own kind (`reason="missing"`),
 * unless the spec marks it optional. While any collector of the node failed, the
 * dimension may only be missing from the report, so it is unknown instead
 * (`plumb:config_unknown:info`), never compliant.
 *
 * Cost: no rule here reads the scraped `plumb_config_info`. The workload record
 * (`plumb:node_workload:reported`, label-rules.ts) reads it once and keeps, per node and
 * workload, a bitmask of the required dimensions reported. `plumb:node_workload:incomplete`
 * keeps the masks that lack a bit (usually none), and `plumb:config_absent:info` decodes
 * them: one series per (node, expected dimension) not reported, valued with whether all
 * the node's collectors succeeded (the mask carries ½ while one failed). The missing,
 * unknown and excepted-missing rules read only that small record. A per-dimension rule
 * had to read every series of the workload to learn which nodes run it (series ×
 * dimensions); a count of dimensions, then a second read to learn which one is absent,
 * cost two reads of every series.
 *
 * Churn is never drift: "runs the workload", "reports the dimension" and "a collector
 * failed" are all the mask, written from one query of the scraped series, one snapshot
 * (a scrape is committed whole). A node that stops running the workload or leaves has no
 * mask, or a whole one, never a torn one; a node that just started running it is judged
 * from its first mask.
 */
import type { DimensionRule, Model } from '../spec/model';
import { indent, orAll, selector, withConstantLabels } from './promql';
import { DRIFT_LABELS, labelList, withNodeLabels, type RecordingRule } from './rules';
import { withNodeExceptions } from './drift-exceptions';
import { requiredParts, type RequiredPart } from './required-dimensions';
import { NODE_LABELS, RECORD } from '../contract/metrics';

/** The `reason` label value of missing drift. */
export const MISSING_REASON = 'missing';
/** The `reason` label value of a dimension unknown because a collector failed. */
export const PARTLY_COLLECTED_REASON = 'collector-failed';

/**
 * The masks of the nodes that lack one of a part's required dimensions (usually none), with
 * node labels: read once here, so each dimension's slice of the grid reads only them. A
 * part a node has no mask for (it reports dimensions of the workload's other parts only)
 * is all missing: mask 0.
 */
export function compileIncompleteRule(model: Model): RecordingRule | undefined {
  const parts = requiredParts(model);
  if (parts.length === 0) return undefined;
  const multiPart = new Set(parts.filter((p) => p.part !== '0').map((p) => p.workload));
  const lacking = parts.map((p) => {
    const mask = selector(RECORD.nodeWorkloadReported, [
      ['workload', '=', p.workload],
      ['part', '=', p.part],
    ]);
    const below = `${mask} != ${p.full}`;
    if (!multiPart.has(p.workload)) return below;
    // Mask 0, and the node's collector half, which every part of it carries.
    const runs = `max by (instance, workload) (${selector(RECORD.nodeWorkloadReported, [['workload', '=', p.workload]])} % 1)`;
    return `${below}\nor\n(${withConstantLabels(runs, [['part', p.part]])} unless on (instance, workload, part) ${mask})`;
  });
  return {
    record: RECORD.nodeWorkloadIncomplete,
    expr: withNodeLabels(`(\n${indent(lacking.join('\nor\n'))}\n)`),
  };
}

/**
 * The grid slice of one dimension (bit `bit` of its part): the incomplete nodes whose mask
 * lacks it, 1 when their collectors succeeded (missing), 0 when one failed (unknown).
 */
function slice(p: RequiredPart, rule: DimensionRule, bit: number): string {
  const mask = selector(RECORD.nodeWorkloadIncomplete, [
    ['workload', '=', p.workload],
    ['part', '=', p.part],
  ]);
  return withConstantLabels(`(${mask} % 1 == bool 0) and (floor(${mask} / ${2 ** bit}) % 2 == 0)`, [['dimension', rule.key]]);
}

const ABSENT_BY = labelList([...NODE_LABELS, 'workload', 'dimension']);

/**
 * The absence record of every expected dimension: one series per (node, dimension) not
 * reported by a node running its workload, 1 when the node's collectors all succeeded
 * (missing), 0 when one failed (unknown): decoded from the workload record's masks, so
 * it reads no scraped series. It precedes every rule that reads it.
 */
export function compileAbsentRule(model: Model): RecordingRule | undefined {
  const parts = requiredParts(model);
  if (parts.length === 0) return undefined;
  const slices = parts.flatMap((p) => p.rules.map((r, bit) => slice(p, r, bit)));
  return {
    record: RECORD.configAbsent,
    expr: `max by (${ABSENT_BY}) (\n${indent(orAll(slices))}\n)`,
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
  const grid = orAll(expected.map((r) => withConstantLabels(withNodeExceptions(r, missingSeries(r)), missingLabels(r))));
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
  const grid = orAll(expected.map((r) => withConstantLabels(`(${absent(r, false)} + 1)`, [['rule', r.id]])));
  return {
    record: RECORD.configUnknown,
    expr: `max by (${UNKNOWN_BY}) (\n${indent(grid)}\n)`,
    labels: { workload: first.workload, reason: PARTLY_COLLECTED_REASON },
  };
}
