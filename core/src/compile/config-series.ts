/**
 * The exporter's config series of one (workload, dimension), read as scraped. Node
 * metadata is not on them (no recorded copy carries it: a copy would cost a join and a
 * write of every config series each cycle); a matcher on a node label filters through
 * `plumb:node_info:last`, and labels a rule groups by are joined from it on demand.
 */
import type { DimensionRule } from '../spec/model';
import { selector, type Matcher } from './promql';
import { labelList } from './rules';
import { NODE_LABELS, RECORD } from '../contract/metrics';

const ON_NODE = new Set<string>(NODE_LABELS);

/**
 * `metric` of the rule's (workload, dimension) under `job`, with `matchers`: those on node
 * labels (region, pool, instance_type, node) select nodes from `plumb:node_info:last`;
 * `carry` names node labels to join onto every series.
 */
export function configSeries(metric: string, rule: DimensionRule, job: string, matchers: readonly Matcher[] = [], carry: readonly string[] = []): string {
  const own = matchers.filter(([label]) => !ON_NODE.has(label));
  const onNode = matchers.filter(([label]) => ON_NODE.has(label));
  const series = selector(metric, [['job', '=', job], ['workload', '=', rule.workload], ['dimension', '=', rule.key], ...own]);
  const nodes = selector(RECORD.nodeInfoLast, onNode);
  if (carry.length > 0) return `(${series} * on (instance) group_left (${labelList(carry)}) ${nodes})`;
  if (onNode.length > 0) return `(${series} and on (instance) ${nodes})`;
  return series;
}
