/**
 * Step "labels": each node's metadata (`plumb:node_info:last`), the required dimensions it
 * reports per workload (`plumb:node_workload:reported`, a bitmask per part) and the
 * workloads it runs (`plumb:node_workload:info`), a few series per node. Later rules join
 * node labels from them onto the few series that need them (drift, counts by cohort);
 * no rule copies every config series with node labels.
 */
import type { DimensionRule, Model } from '../spec/model';
import { anyOf, indent, selector, withConstantLabels, type Matcher } from './promql';
import { requiredByWorkload, requiredParts, type RequiredPart } from './required-dimensions';
import { labelList, withNodeLabels, type RuleGroup } from './rules';
import { METRIC, NODE_LABELS, RECORD } from '../contract/metrics';

/** How long a node's last metadata is carried while its target keeps failing; far above any eval interval. */
export const CARRY_WINDOW = '10m';

/** The constant (workload, dimension) vector valued with each dimension's bit: the part as data, joined once. */
function bitWeights(p: RequiredPart): string {
  const one = (r: DimensionRule, bit: number) =>
    withConstantLabels(`vector(${2 ** bit})`, [
      ['workload', p.workload],
      ['dimension', r.key],
    ]);
  return p.rules.map(one).join('\nor\n');
}

/**
 * Per node, workload it runs (reports any dimension of) and part of the workload's
 * required dimensions, the bitmask of the part's dimensions it reports: bit k set when it
 * reports the part's k-th dimension (distinct dimensions: two pods of one workload may
 * report two hashes). A node that reports only other dimensions of a workload has mask 0
 * in part "0". Plus ½ while any collector of the node failed (its absent dimensions are
 * then unknown, not missing), read from `plumb_report_partial`: one series per node, which
 * the exporter renders from the same collection as `plumb_collector_success`, so it reads
 * a quarter of the series for the same answer. A node with no collector status counts as
 * succeeded, so no status never drops an absence. The absence rule reads which dimensions
 * a node lacks, and whether they are missing or unknown, from this value alone: "runs the
 * workload", "reports the dimension" and "a collector failed" come from one query, one
 * snapshot.
 *
 * Every config series is read once: per part its dimensions (each weighted by its bit
 * through one join with a constant vector), then the rest, and the workloads with no
 * required dimension. Summing per part before the `or` keeps the union small.
 */
function reportedMasks(model: Model): string {
  const job = model.settings.scrapeJob;
  const parts = requiredParts(model);
  const of = (matchers: readonly Matcher[]) => selector(METRIC.configInfo, [['job', '=', job], ...matchers]);
  const required = requiredByWorkload(model);
  const workloads = required.map(([w]) => w);
  const others = workloads.length === 0 ? [] : ([['workload', '!~', anyOf(workloads)]] as const);
  const runsOnlyOf = ([w, rules]: [string, DimensionRule[]]) =>
    of([
      ['workload', '=', w],
      ['dimension', '!~', anyOf(rules.map((r) => r.key))],
    ]);
  const masks = parts.map((p) => {
    const reported = `group by (instance, workload, dimension) (${of([
      ['workload', '=', p.workload],
      ['dimension', '=~', anyOf(p.rules.map((r) => r.key))],
    ])})`;
    const mask = `sum by (instance, workload) (\n  ${reported}\n  * on (workload, dimension) group_left ()\n  (\n${indent(bitWeights(p), 4)}\n  )\n)`;
    return withConstantLabels(mask, [['part', p.part]]);
  });
  // Usually empty: one `or` of the selectors inside, so they cost one operation, not one each.
  const runsOnly = withConstantLabels(`0 * group by (instance, workload) (\n${indent([...required.map(runsOnlyOf), of(others)].join('\nor\n'))}\n)`, [
    ['part', '0'],
  ]);
  const partial = selector(METRIC.reportPartial, [['job', '=', job]]);
  const failedHalf = `0.5 * (max by (instance) (${partial}) == bool 1)\nor on (instance)\n0 * group by (instance) (${RECORD.nodeInfoLast})`;
  return `(\n${indent([...masks, runsOnly].join('\nor\n'))}\n)\n+ on (instance) group_left ()\n(\n${indent(failedHalf)}\n)`;
}

/** The `plumb-labels` group. */
export function compileLabelRules(model: Model): RuleGroup {
  const job = model.settings.scrapeJob;
  const up = selector('up', [['job', '=', job]]);
  const nodeInfo = `max by (${labelList(NODE_LABELS)}) (${selector(METRIC.nodeInfo, [['job', '=', job]])})`;
  return {
    name: 'plumb-labels',
    rules: [
      {
        // A down target's plumb_node_info goes stale at once; carrying the last labels for as
        // long as the target exists lets "down" nodes be reported with their region and pool.
        record: RECORD.nodeInfoLast,
        expr: `${nodeInfo}\nor on (instance)\n(last_over_time(${RECORD.nodeInfoLast}[${CARRY_WINDOW}]) and on (instance) ${up})`,
      },
      { record: RECORD.nodeWorkloadReported, expr: reportedMasks(model) },
      {
        // Labels from the record above, as the drift's: a node counted here is never one whose drift loses its labels.
        record: RECORD.nodeWorkload,
        expr: withNodeLabels(`group by (instance, workload) (${RECORD.nodeWorkloadReported})`),
      },
    ],
  };
}
