/**
 * Step "labels": joins the exporter's per-node series with node metadata once, so every
 * later rule can filter and aggregate by region, instance type and pool directly.
 */
import type { Model } from '../spec/model';
import { anyOf, indent, selector } from './promql';
import { labelList, type RuleGroup } from './rules';
import { METRIC, NODE_LABELS, RECORD } from '../contract/metrics';

const JOINED = labelList(NODE_LABELS.filter((l) => l !== 'instance'));

/** How long a node's last metadata is carried while its target keeps failing; far above any eval interval. */
export const CARRY_WINDOW = '10m';

/**
 * Per node and workload it runs (reports any dimension of), how many of the workload's
 * required dimensions it reports (distinct dimensions: two pods of one workload may
 * report two hashes). A node below the workload's count lacks one: the missing rules
 * build their grid only from those nodes.
 */
function requiredReported(model: Model): string {
  const job = model.settings.scrapeJob;
  const required = new Map<string, string[]>();
  for (const r of model.rules) if (!r.optional) required.set(r.workload, [...(required.get(r.workload) ?? []), r.key]);
  const runs = `0 * group by (instance, workload) (${selector(METRIC.configInfo, [['job', '=', job]])})`;
  if (required.size === 0) return runs;
  const reported = [...required.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([workload, keys]) =>
      selector(METRIC.configInfo, [
        ['job', '=', job],
        ['workload', '=', workload],
        ['dimension', '=~', anyOf(keys)],
      ]),
    );
  return `count by (instance, workload) (group by (instance, workload, dimension) (\n${indent(reported.join('\nor\n'))}\n))\nor on (instance, workload)\n${runs}`;
}

/** The `plumb-labels` group. */
export function compileLabelRules(model: Model): RuleGroup {
  const job = model.settings.scrapeJob;
  const up = selector('up', [['job', '=', job]]);
  const nodeInfo = `max by (${labelList(NODE_LABELS)}) (${selector(METRIC.nodeInfo, [['job', '=', job]])})`;
  const join = (metric: string) => `${selector(metric, [['job', '=', job]])}\n* on (instance) group_left (${JOINED})\n${nodeInfo}`;
  return {
    name: 'plumb-labels',
    rules: [
      {
        // A down target's plumb_node_info goes stale at once; carrying the last labels for as
        // long as the target exists lets "down" nodes be reported with their region and pool.
        record: RECORD.nodeInfoLast,
        expr: `${nodeInfo}\nor on (instance)\n(last_over_time(${RECORD.nodeInfoLast}[${CARRY_WINDOW}]) and on (instance) ${up})`,
      },
      { record: RECORD.configInfoLabeled, expr: join(METRIC.configInfo) },
      { record: RECORD.configValueLabeled, expr: join(METRIC.configValue) },
      { record: RECORD.nodeWorkload, expr: `(\n${indent(requiredReported(model))}\n)\n* on (instance) group_left (${JOINED})\n${nodeInfo}` },
    ],
  };
}
