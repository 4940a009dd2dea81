/**
 * Per-node summaries of drift: the worst severity (1 info, 2 sla-risk, 3
 * correctness-risk) and the onset time of each drifted dimension.
 */
import { SEVERITIES, SEVERITY_RANK } from '../contract/severity';
import type { Model } from '../spec/model';
import { indent, selector } from './promql';
import { labelList, type RecordingRule } from './rules';
import { METRIC, NODE_LABELS, RECORD } from '../contract/metrics';

/** `plumb:node_drift_severity:max`: `or` keeps the first present alternative, so the worst wins. */
export function compileSeverityMaxRule(): RecordingRule {
  const parts = [...SEVERITIES].reverse().map((s) => `(max by (${labelList(NODE_LABELS)}) (${RECORD.drift}{severity="${s}"}) * ${SEVERITY_RANK[s]})`);
  return { record: RECORD.severityMax, expr: parts.join('\nor\n') };
}

/**
 * `plumb:config_drift:onset_timestamp_seconds`: the last hash change of each drifted
 * series; for a dimension that has not changed since the exporter started (contract v3
 * renders no timestamp for it), the exporter's start time: the drift has existed at
 * least since then. Every drift series gets exactly one onset: `or` keeps the change
 * time wherever the dimension has one, and only falls back per (instance, workload,
 * dimension) that has none. Exporters before v3 render the timestamp for every
 * dimension, so they always take the first branch.
 */
export function compileOnsetRule(model: Model): RecordingRule {
  const onJob = (metric: string) => selector(metric, [['job', '=', model.settings.scrapeJob]]);
  const lastChange = `max by (instance, workload, dimension) (${onJob(METRIC.lastChange)})\n* on (instance, workload, dimension) group_right\n${RECORD.drift}`;
  const started = `max by (instance) (${onJob(METRIC.exporterStart)})\n* on (instance) group_right\n${RECORD.drift}`;
  return {
    record: RECORD.onset,
    expr: `# last hash change since the exporter started\n(\n${indent(lastChange)}\n)\nor on (instance, workload, dimension)\n# unchanged since the exporter started: its start time\n(\n${indent(started)}\n)`,
  };
}
