/** Node identity from well-known Kubernetes node labels (pure). */
import type { NodeIdentity } from '@plumb/core/state/types';

/** Region, instance type and pool from node labels; `unknown` where a label is missing. */
export function identityFromNodeLabels(node: string, labels: Readonly<Record<string, string>>): NodeIdentity {
  return {
    node,
    region: labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? 'unknown',
    instanceType: labels['node.kubernetes.io/instance-type'] ?? labels['beta.kubernetes.io/instance-type'] ?? 'unknown',
    pool: labels['plumb.dev/pool'] ?? labels['eks.amazonaws.com/nodegroup'] ?? labels['karpenter.sh/nodepool'] ?? 'unknown',
    platform: 'k8s',
  };
}
