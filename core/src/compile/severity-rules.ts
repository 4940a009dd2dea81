/**
 * Per-node summaries of drift: the worst severity (1 info, 2 sla-risk, 3
 * correctness-risk) and the onset time of each drifted dimension.
 */
import { SEVERITIES } from '../spec/schema';
import type { Model } from '../spec/model';
import { selector } from './promql';
import { labelList, METRIC, NODE_LABELS, RECORD, type RecordingRule } from './rules';

/** Numeric rank of a severity, as `plumb:node_drift_severity:max` reports it. */
export function severityRank(severity: (typeof SEVERITIES)[number]): number {
  return SEVERITIES.indexOf(severity) + 1;
}

/** `plumb:node_drift_severity:max`: `or` keeps the first present alternative, so the worst wins. */
export function compileSeverityMaxRule(): RecordingRule {
  const parts = [...SEVERITIES]
    .reverse()
    .map((s) => `(max by (${labelList(NODE_LABELS)}) (${RECORD.drift}{severity="${s}"}) * ${severityRank(s)})`);
  return { record: RECORD.severityMax, expr: parts.join('\nor\n') };
}

/** `plumb:config_drift:onset_timestamp_seconds`: the last hash change of each drifted series. */
export function compileOnsetRule(model: Model): RecordingRule {
  const lastChange = selector(METRIC.lastChange, [['job', '=', model.settings.scrapeJob]]);
  return {
    record: RECORD.onset,
    expr: `max by (instance, workload, dimension) (${lastChange})\n* on (instance, workload, dimension) group_right\n${RECORD.drift}`,
  };
}
