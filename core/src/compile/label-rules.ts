/**
 * Step "labels": each node's metadata (`plumb:node_info:last`) and the workloads it runs
 * (`plumb:node_workload:info`), both one series per node (and workload). Later rules join
 * node labels from them onto the few series that need them (drift, counts by cohort);
 * no rule copies every config series with node labels.
 */
import type { Model } from '../spec/model';
import { anyOf, indent, selector, type Matcher } from './promql';
import { requiredByWorkload } from './required-dimensions';
import { labelList, type RuleGroup } from './rules';
import { METRIC, NODE_LABELS, NODE_METADATA_LABELS, RECORD } from '../contract/metrics';

const JOINED = labelList(NODE_METADATA_LABELS);

/** How long a node's last metadata is carried while its target keeps failing; far above any eval interval. */
export const CARRY_WINDOW = '10m';

/**
 * Per node and workload it runs (reports any dimension of), how many of the workload's
 * required dimensions it reports (distinct dimensions: two pods of one workload may
 * report two hashes). A node below the workload's count lacks one: the missing rules
 * build their grid only from those nodes.
 *
 * Every config series is read once: per workload its required dimensions (counted) and
 * the rest (a workload a node reports only other dimensions of counts 0), and the
 * workloads with no required dimension. Counting per workload before the `or` keeps the
 * union small.
 */
function requiredReported(model: Model): string {
  const job = model.settings.scrapeJob;
  const required = new Map(requiredByWorkload(model).map(([w, rules]) => [w, rules.map((r) => r.key)]));
  const of = (matchers: readonly Matcher[]) => selector(METRIC.configInfo, [['job', '=', job], ...matchers]);
  const workloads = [...required.keys()];
  const others = workloads.length === 0 ? [] : ([['workload', '!~', anyOf(workloads)]] as const);
  const runsOnlyOf = (w: string) =>
    of([
      ['workload', '=', w],
      ['dimension', '!~', anyOf(required.get(w) ?? [])],
    ]);
  // Usually empty: one `or` of the selectors inside, so they cost one operation, not one each.
  const runsOnly = `0 * group by (instance, workload) (\n${indent([...workloads.map(runsOnlyOf), of(others)].join('\nor\n'))}\n)`;
  const counted = workloads.map(
    (w) =>
      `count by (instance, workload) (group by (instance, workload, dimension) (${of([
        ['workload', '=', w],
        ['dimension', '=~', anyOf(required.get(w) ?? [])],
      ])}))`,
  );
  return [...counted, runsOnly].join('\nor on (instance, workload)\n');
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
      {
        // Labels from the record above, as the drift's: a node counted here is never one whose drift loses its labels.
        record: RECORD.nodeWorkload,
        expr: `(\n${indent(requiredReported(model))}\n)\n* on (instance) group_left (${JOINED})\n${RECORD.nodeInfoLast}`,
      },
    ],
  };
}
