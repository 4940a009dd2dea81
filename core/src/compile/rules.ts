/**
 * The shape of a Prometheus rule file, as the compiler builds it before rendering.
 * Field order here is the order in the rendered YAML.
 */

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Rule[];
}

/** Labels every per-node `plumb:*` series carries, in the order the compiler writes them. */
export const NODE_LABELS = ['instance', 'node', 'region', 'instance_type', 'pool', 'platform'] as const;

/** Labels of `plumb:config_drift:info`, without the constant rule labels (severity, playbook, approval, rule). */
export const DRIFT_LABELS = [...NODE_LABELS, 'workload', 'dimension', 'hash', 'value'] as const;

/** `a, b, c` for `by (...)` / `on (...)` clauses. */
export function labelList(labels: readonly string[]): string {
  return labels.join(', ');
}

/** Metric names the compiled rules read and write; one place so tests and docs agree. */
export const METRIC = {
  nodeInfo: 'plumb_node_info',
  configInfo: 'plumb_config_info',
  configValue: 'plumb_config_value',
  lastChange: 'plumb_config_last_change_timestamp_seconds',
  changesTotal: 'plumb_config_changes_total',
  exporterStart: 'plumb_exporter_start_time_seconds',
  collectorSuccess: 'plumb_collector_success',
  collectorLastSuccess: 'plumb_collector_last_success_timestamp_seconds',
  reportPartial: 'plumb_report_partial',
  /** Local drift summary (contract v4), for agents that cannot run the compiled rules. */
  nodeDriftDimensions: 'plumb_node_drift_dimensions',
  nodeUnknownDimensions: 'plumb_node_unknown_dimensions',
  nodeDimensionDrifted: 'plumb_node_dimension_drifted',
} as const;

export const RECORD = {
  nodeInfoLast: 'plumb:node_info:last',
  configInfoLabeled: 'plumb:config_info:labeled',
  configValueLabeled: 'plumb:config_value:labeled',
  drift: 'plumb:config_drift:info',
  onset: 'plumb:config_drift:onset_timestamp_seconds',
  severityMax: 'plumb:node_drift_severity:max',
  unknown: 'plumb:node_unknown:info',
  flapping: 'plumb:config_flapping:info',
  nodesCount: 'plumb:nodes:count',
  driftNodesCount: 'plumb:drift_nodes:count',
  driftNodesRatio: 'plumb:drift_nodes:ratio',
  compliantNodesCount: 'plumb:compliant_nodes:count',
  unknownNodesCount: 'plumb:unknown_nodes:count',
  poolDriftNodesCount: 'plumb:pool_drift_nodes:count',
  poolDriftRatio: 'plumb:pool_drift:ratio',
  symptomPrefix: 'plumb:symptom:',
} as const;
