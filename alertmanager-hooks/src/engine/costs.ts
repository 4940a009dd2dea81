/** Tasks an action would disrupt, from the cluster snapshot. Pure. */
import type { ClusterSnapshot } from '../kube/snapshot';
import { podTasks, workloadOf, type TaskWeight, type WorkloadSelectors } from '../kube/tasks';
import type { PlaybookName } from '../playbooks/catalog';

export interface CostInput {
  playbook: PlaybookName;
  node: string;
  workload: string;
  platform: string;
}

export function actionCost(
  a: CostInput,
  snap: ClusterSnapshot | undefined,
  selectors: WorkloadSelectors,
  weights: readonly TaskWeight[],
  defaultTasks: number,
  emrNodeTasks: number,
): number {
  if (a.playbook === 'emr-decommission') return emrNodeTasks;
  if (a.playbook !== 'restart' && a.playbook !== 'drain' && a.playbook !== 'redeploy') return 0;
  // Unknown cluster state: assume the worst so the budget refuses rather than guesses.
  if (snap === undefined) return Number.POSITIVE_INFINITY;
  let cost = 0;
  for (const pod of snap.pods) {
    if (pod.node !== a.node) continue;
    const tasks = podTasks(pod, selectors, weights, defaultTasks);
    if (
      a.playbook === 'drain'
        ? pod.ownerKind !== 'DaemonSet'
        : workloadOf(pod, selectors) === a.workload && (a.playbook === 'restart' || pod.ownerKind === 'DaemonSet')
    ) {
      cost += tasks;
    }
  }
  return cost;
}

/** Running tasks per region: weighted pods from the snapshot plus the configured EMR tasks. */
export function runningTasksByRegion(snap: ClusterSnapshot | undefined, emrRunningTasks: Record<string, number>): Map<string, number> {
  const out = new Map<string, number>(snap?.tasks.byRegion ?? []);
  for (const [region, tasks] of Object.entries(emrRunningTasks)) out.set(region, (out.get(region) ?? 0) + tasks);
  return out;
}
