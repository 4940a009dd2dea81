/**
 * The Datadog custom-metric budget: how many contexts (metric name + tag values) the
 * Agent submits per node and for a fleet, from the spec and the node's shape. A
 * context is what Datadog bills as one custom metric. Pure; the Agent test checks the
 * per-node figure against what Datadog's own check collects.
 *
 *   per node = 1 (node.info) + 1 (report.partial) + C (collectors)
 *            + Σ over workloads here of S_w (severities among the workload's rules: node.drift_dimensions)
 *            + W (workloads here with rules: node.unknown_dimensions)
 *            + D (dimensions drifted since the exporter started: node.dimension_drifted)
 */
import type { Model } from '../../spec/model';

export interface NodeShape {
  /** Workload types running on the node. */
  workloads: readonly string[];
  /** Collectors reporting a status (files, env, command, runtime, kubernetes, reports). */
  collectors: number;
  /** Dimensions that drifted since the exporter started (0 on a compliant node). */
  driftedSinceStart: number;
}

export function contextsPerNode(model: Model, node: NodeShape): number {
  let severities = 0;
  let workloads = 0;
  for (const w of node.workloads) {
    const rules = model.rules.filter((r) => r.workload === w);
    if (rules.length === 0) continue;
    workloads += 1;
    severities += new Set(rules.map((r) => r.severity)).size;
  }
  return 2 + node.collectors + severities + workloads + node.driftedSinceStart;
}

/** Datadog's list price for custom metrics beyond the per-host allotment: USD 5 per 100 per month. */
export const LIST_PRICE_USD_PER_100 = 5;

export function fleetContexts(model: Model, fleet: readonly { node: NodeShape; count: number }[]): number {
  return fleet.reduce((n, f) => n + f.count * contextsPerNode(model, f.node), 0);
}

/** Monthly cost at list price, ignoring the allotment every host brings (the worst case). */
export function monthlyCostUsd(contexts: number): number {
  return (contexts / 100) * LIST_PRICE_USD_PER_100;
}
