/**
 * Reads the cluster once per evaluation round: nodes (region, pool, out of
 * service) and pods, turned into the facts the guardrails and costs need.
 */
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { NODE_LABELS, QUARANTINE_TAINT, type KubeClients } from './clients';
import { listJson } from './raw-list';
import { heldByOnNode } from './other-remediators';
import { countTasks, type NodeFacts, type PodFacts, type TaskCounts, type TaskWeight, type WorkloadSelectors } from './tasks';

export interface ClusterSnapshot {
  nodes: Map<string, NodeFacts>;
  pods: PodFacts[];
  tasks: TaskCounts;
}

export function nodeFacts(n: V1Node): NodeFacts {
  const labels = n.metadata?.labels ?? {};
  const quarantined = labels[NODE_LABELS.quarantined] === 'true' || (n.spec?.taints ?? []).some((t) => t.key === QUARANTINE_TAINT);
  return {
    name: n.metadata?.name ?? '',
    region: labels[NODE_LABELS.region],
    pool: labels[NODE_LABELS.pool],
    outOfService: quarantined || n.spec?.unschedulable === true,
    ready: (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    heldBy: heldByOnNode(n),
  };
}

export function podFacts(p: V1Pod): PodFacts {
  return {
    namespace: p.metadata?.namespace ?? 'default',
    name: p.metadata?.name ?? '',
    uid: p.metadata?.uid ?? '',
    node: p.spec?.nodeName,
    phase: p.status?.phase,
    labels: p.metadata?.labels ?? {},
    ownerKind: p.metadata?.ownerReferences?.[0]?.kind,
    terminating: p.metadata?.deletionTimestamp !== undefined,
  };
}

export async function readSnapshot(
  kube: KubeClients,
  selectors: WorkloadSelectors,
  weights: readonly TaskWeight[],
  defaultTasks: number,
): Promise<ClusterSnapshot> {
  const [nodeList, podList] = await Promise.all([listJson<V1Node>(kube.config, '/api/v1/nodes'), listJson<V1Pod>(kube.config, '/api/v1/pods')]);
  const nodes = new Map(nodeList.items.map((n) => [n.metadata?.name ?? '', nodeFacts(n)] as const));
  const pods = podList.items.map(podFacts);
  return { nodes, pods, tasks: countTasks(pods, nodes, selectors, weights, defaultTasks) };
}

/** Nodes of a pool, and how many of them are out of service. */
export function poolStatus(snapshot: ClusterSnapshot, pool: string): { nodes: number; outOfService: number } {
  let nodes = 0;
  let outOfService = 0;
  for (const n of snapshot.nodes.values()) {
    if (n.pool !== pool) continue;
    nodes++;
    if (n.outOfService) outOfService++;
  }
  return { nodes, outOfService };
}
