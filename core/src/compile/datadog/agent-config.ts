/**
 * The Datadog Agent configuration for plumb-exporter: one OpenMetrics V2 check
 * instance, as `conf.d/openmetrics.d/conf.yaml` on EMR VMs and as Autodiscovery pod
 * annotations on Kubernetes. Pure: the caller renders and writes it.
 */
import { AGENT_METRICS, DATADOG_NAMESPACE, SHARED_NODE_LABELS } from './agent-metrics';

/** Contexts one check run may keep; well above the per-node budget, so a runaway is cut, not the fleet. */
export const MAX_RETURNED_METRICS = 500;

export interface AgentInstanceOptions {
  /** e.g. `http://%%host%%:9464/metrics` (Autodiscovery) or `http://127.0.0.1:9464/metrics` (a VM). */
  endpoint: string;
  /** Extra static tags, e.g. `['env:prod']`. */
  tags?: readonly string[];
}

export interface OpenMetricsInstance {
  openmetrics_endpoint: string;
  namespace: string;
  metrics: Record<string, string>[];
  share_labels: Record<string, { labels: string[] }>;
  exclude_labels: string[];
  max_returned_metrics: number;
  tags: string[];
}

/** One check instance: explicit renames (no doubled `plumb.plumb_` prefix), node tags shared from `plumb_node_info`. */
export function agentInstance(opts: AgentInstanceOptions): OpenMetricsInstance {
  return {
    openmetrics_endpoint: opts.endpoint,
    namespace: DATADOG_NAMESPACE,
    metrics: Object.values(AGENT_METRICS).map((m) => ({ [m.family]: m.rename })),
    share_labels: { [AGENT_METRICS.nodeInfo.family]: { labels: [...SHARED_NODE_LABELS] } },
    // Defence in depth: no kept family has them, and they must never become tags.
    exclude_labels: ['hash', 'value'],
    max_returned_metrics: MAX_RETURNED_METRICS,
    tags: ['managed-by:plumb', ...(opts.tags ?? [])],
  };
}

/** `conf.d/openmetrics.d/conf.yaml` for a VM whose exporter listens on loopback. */
export function agentConfFile(opts: AgentInstanceOptions): { init_config: Record<string, never>; instances: OpenMetricsInstance[] } {
  return { init_config: {}, instances: [agentInstance(opts)] };
}

/** Autodiscovery v2 annotations for the exporter's pod (`container` is its container name). */
export function autodiscoveryAnnotations(container: string, port: number): Record<string, string> {
  const checks = { openmetrics: { init_config: {}, instances: [agentInstance({ endpoint: `http://%%host%%:${port}/metrics` })] } };
  return { [`ad.datadoghq.com/${container}.checks`]: JSON.stringify(checks) };
}
