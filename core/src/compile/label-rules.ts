/**
 * Step "labels": joins the exporter's per-node series with node metadata once, so every
 * later rule can filter and aggregate by region, instance type and pool directly.
 */
import type { Model } from '../spec/model';
import { selector } from './promql';
import { labelList, type RuleGroup } from './rules';
import { METRIC, NODE_LABELS, RECORD } from '../contract/metrics';

const JOINED = labelList(NODE_LABELS.filter((l) => l !== 'instance'));

/** How long a node's last metadata is carried while its target keeps failing; far above any eval interval. */
export const CARRY_WINDOW = '10m';

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
      {
        record: RECORD.nodeWorkload,
        expr: `group by (instance, workload) (${selector(METRIC.configInfo, [['job', '=', job]])})\n* on (instance) group_left (${JOINED})\n${nodeInfo}`,
      },
    ],
  };
}
