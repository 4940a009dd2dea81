/**
 * Where a node's identity comes from on each platform, defined once: the exporter reads
 * these Kubernetes node labels and EC2 tags, and the generated scrape configuration relabels
 * discovery metadata from the same names, so Prometheus's view and the exporter's agree.
 */

/** Kubernetes node labels, most specific first. */
export const K8S_NODE_LABELS = {
  region: ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'],
  instanceType: ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'],
  pool: ['plumb.dev/pool', 'eks.amazonaws.com/nodegroup', 'karpenter.sh/nodepool'],
} as const;

/** EC2 tags EMR puts on every instance of a cluster, and Plumb's own pool override. */
export const EMR_TAGS = {
  cluster: 'aws:elasticmapreduce:job-flow-id',
  instanceGroupRole: 'aws:elasticmapreduce:instance-group-role',
  pool: 'plumb:pool',
} as const;

/** First label present, in the order given. */
export function firstLabel(labels: Readonly<Record<string, string>>, names: readonly string[]): string | undefined {
  for (const n of names) if (labels[n] !== undefined) return labels[n];
  return undefined;
}
