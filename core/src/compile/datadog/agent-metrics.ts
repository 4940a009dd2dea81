/**
 * What Datadog receives from plumb-exporter, defined once: which exporter families the
 * Agent's OpenMetrics V2 check keeps, under which Datadog names, with which tags. The
 * Agent configuration, the monitors and the context budget are all built from this
 * table. Hashes and clear values (`plumb_config_info`) never go to Datadog: one context
 * per value hash is what the cardinality plan avoids.
 */
import { METRIC } from '../../contract/metrics';

/** Datadog namespace the check prefixes to every renamed metric. */
export const DATADOG_NAMESPACE = 'plumb';

/** Labels of `plumb_node_info` the check shares with every other metric (the Agent-side join). */
export const SHARED_NODE_LABELS = ['node', 'region', 'instance_type', 'pool', 'platform'] as const;

export interface AgentMetric {
  /** Exporter family, e.g. `plumb_node_drift_dimensions`. */
  family: string;
  /** Name after the namespace, e.g. `node.drift_dimensions` → `plumb.node.drift_dimensions`. */
  rename: string;
  /** Tags of its own (besides the shared node tags and `endpoint`). */
  tags: readonly string[];
}

export const AGENT_METRICS = {
  nodeInfo: { family: METRIC.nodeInfo, rename: 'node.info', tags: [] },
  reportPartial: { family: METRIC.reportPartial, rename: 'report.partial', tags: [] },
  collectorSuccess: { family: METRIC.collectorSuccess, rename: 'collector.success', tags: ['collector'] },
  driftDimensions: { family: METRIC.nodeDriftDimensions, rename: 'node.drift_dimensions', tags: ['workload', 'severity'] },
  unknownDimensions: { family: METRIC.nodeUnknownDimensions, rename: 'node.unknown_dimensions', tags: ['workload'] },
  dimensionDrifted: { family: METRIC.nodeDimensionDrifted, rename: 'node.dimension_drifted', tags: ['workload', 'dimension', 'severity'] },
} as const satisfies Record<string, AgentMetric>;

/** The full Datadog name of a kept metric, e.g. `plumb.node.dimension_drifted`. */
export function datadogName(m: AgentMetric): string {
  return `${DATADOG_NAMESPACE}.${m.rename}`;
}
