/**
 * The shape of a Prometheus rule file, as the compiler builds it before rendering.
 * Field order here is the order in the rendered YAML.
 */
import { NODE_LABELS, NODE_METADATA_LABELS, RECORD } from '../contract/metrics';

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

/** Labels of `plumb:config_drift:info`, without the constant rule labels (severity, playbook, approval, rule). */
export const DRIFT_LABELS = [...NODE_LABELS, 'workload', 'dimension', 'hash', 'value'] as const;

/** `a, b, c` for `by (...)` / `on (...)` clauses. */
export function labelList(labels: readonly string[]): string {
  return labels.join(', ');
}

/** `series` (one expression) with every node's metadata labels joined from `plumb:node_info:last`. */
export function withNodeLabels(series: string): string {
  return `${series}\n* on (instance) group_left (${labelList(NODE_METADATA_LABELS)})\n${RECORD.nodeInfoLast}`;
}
