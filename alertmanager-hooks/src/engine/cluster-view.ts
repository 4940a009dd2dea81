/** The cluster as the guardrails see it this round: from the watch cache when there is one, else one list. */
import { readSnapshot, type ClusterSnapshot } from '../kube/snapshot';
import type { EngineDeps } from './deps';

/** Undefined when the cluster cannot be read or the cache is stale: costs are then unknown and disruptive actions refused. */
export async function clusterSnapshot(deps: Pick<EngineDeps, 'kube' | 'cluster' | 'selectors' | 'config' | 'log'>): Promise<ClusterSnapshot | undefined> {
  const { budget } = deps.config;
  if (deps.cluster) {
    const snap = deps.cluster.snapshot(deps.selectors, budget.weights, budget.defaultPodTasks);
    if (snap === undefined) deps.log(`cluster view unavailable: ${deps.cluster.problem}`);
    return snap;
  }
  if (!deps.kube) return undefined;
  return readSnapshot(deps.kube, deps.selectors, budget.weights, budget.defaultPodTasks).catch((err: Error) => {
    deps.log(`cannot read the cluster: ${err.message.split('\n')[0]}`);
    return undefined;
  });
}
