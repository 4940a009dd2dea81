/**
 * Step "PrometheusRule": the same groups wrapped as a `monitoring.coreos.com/v1`
 * PrometheusRule for clusters that run the Prometheus Operator.
 */
import type { RuleGroup } from './rules';

export interface PrometheusRuleDoc {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'PrometheusRule';
  metadata: { name: string; labels: Record<string, string> };
  spec: { groups: RuleGroup[] };
}

/** Wraps rule groups in a PrometheusRule named `plumb-<spec name>`. */
export function toPrometheusRule(specName: string, groups: readonly RuleGroup[]): PrometheusRuleDoc {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: `plumb-${specName}`,
      labels: { 'app.kubernetes.io/name': 'plumb', 'app.kubernetes.io/managed-by': 'plumb-compile', 'plumb.dev/spec': specName },
    },
    spec: { groups: [...groups] },
  };
}
