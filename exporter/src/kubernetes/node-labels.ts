/** Node identity from well-known Kubernetes node labels (pure). */
import { firstLabel, K8S_NODE_LABELS } from '@plumb/core/deploy/node-label-sources';
import type { NodeIdentity } from '@plumb/core/state/types';

/** Region, instance type and pool from node labels; `unknown` where a label is missing. */
export function identityFromNodeLabels(node: string, labels: Readonly<Record<string, string>>): NodeIdentity {
  return {
    node,
    region: firstLabel(labels, K8S_NODE_LABELS.region) ?? 'unknown',
    instanceType: firstLabel(labels, K8S_NODE_LABELS.instanceType) ?? 'unknown',
    pool: firstLabel(labels, K8S_NODE_LABELS.pool) ?? 'unknown',
    platform: 'k8s',
  };
}
