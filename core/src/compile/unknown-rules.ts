/**
 * Unknown nodes: a node that stops reporting, whose collector fails, or whose collectors
 * have not succeeded within `staleAfter`. An unknown node is never counted compliant.
 */
import type { Model } from '../spec/model';
import { durationSeconds, selector } from './promql';
import { labelList, type RecordingRule } from './rules';
import { METRIC, NODE_LABELS, RECORD } from '../contract/metrics';

/** The `plumb:node_unknown:info` rules, one per reason. */
export function compileUnknownRules(model: Model): RecordingRule[] {
  const job = model.settings.scrapeJob;
  const onJob = (metric: string) => selector(metric, [['job', '=', job]]);
  const staleSeconds = durationSeconds(model.settings.staleAfter);
  const node = RECORD.nodeInfoLast;
  return [
    { record: RECORD.unknown, expr: `${node}\nand on (instance)\n(${onJob('up')} == 0)`, labels: { reason: 'down' } },
    {
      record: RECORD.unknown,
      // The exporter's own verdict on its collectors (1 while any failed, and before the first collection).
      expr: `${node}\nand on (instance)\n(max by (instance) (${onJob(METRIC.reportPartial)}) == 1)`,
      labels: { reason: 'collector-failed' },
    },
    {
      // The oldest last-success decides: one collector stuck for staleAfter makes the report stale.
      record: RECORD.unknown,
      expr: `${node}\nand on (instance)\n((time() - min by (instance) (${onJob(METRIC.collectorLastSuccess)})) > ${staleSeconds})`,
      labels: { reason: 'stale' },
    },
    {
      // A target that never answered has no node info: the labels are the ones service discovery gives it.
      record: RECORD.unknown,
      expr: `(\n  max by (${labelList(NODE_LABELS)}) (${onJob('up')} == 0)\n  unless on (instance)\n  ${node}\n) + 1`,
      labels: { reason: 'never-answered' },
    },
  ];
}
