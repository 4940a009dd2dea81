/**
 * Counting tasks, pure. The budget is in disrupted tasks, not nodes: a pod of a
 * data workload counts as its weight (Spark executors, Airflow slots), other pods
 * (system daemons) count zero.
 */
import { WORKLOAD_LABEL } from './clients';

/** What the counting needs from a pod. */
export interface PodFacts {
  namespace: string;
  name: string;
  uid: string;
  node: string | undefined;
  phase: string | undefined;
  labels: Record<string, string>;
  ownerKind: string | undefined;
  terminating: boolean;
}

export interface NodeFacts {
  name: string;
  region: string | undefined;
  pool: string | undefined;
  outOfService: boolean;
  /** The node's Ready condition is True; a node with no Ready condition is not ready. */
  ready: boolean;
  /** Another remediator handling the node (kured, Medik8s), as a phrase for the record. */
  heldBy: string | undefined;
}

export interface TaskWeight {
  podLabels: Record<string, string>;
  tasks: number;
}

/** Workload type → pod labels that identify it (from the spec's `workloads[].match.podLabels`). */
export type WorkloadSelectors = Record<string, Record<string, string>>;

const matches = (labels: Record<string, string>, selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The workload type of a pod: the spec's selectors first, the fallback label second. */
export function workloadOf(pod: PodFacts, selectors: WorkloadSelectors): string | undefined {
  for (const [workload, selector] of Object.entries(selectors)) {
    if (Object.keys(selector).length > 0 && matches(pod.labels, selector)) return workload;
  }
  return pod.labels[WORKLOAD_LABEL];
}

/** Tasks one pod counts for; zero for pods that are not data workloads or not running. */
export function podTasks(pod: PodFacts, selectors: WorkloadSelectors, weights: readonly TaskWeight[], defaultTasks: number): number {
  if (pod.terminating || (pod.phase !== 'Running' && pod.phase !== 'Pending')) return 0;
  if (workloadOf(pod, selectors) === undefined) return 0;
  return weights.find((w) => matches(pod.labels, w.podLabels))?.tasks ?? defaultTasks;
}

export interface TaskCounts {
  byRegion: Map<string, number>;
  byNode: Map<string, { total: number; byWorkload: Map<string, number> }>;
}

export function countTasks(
  pods: readonly PodFacts[],
  nodes: ReadonlyMap<string, NodeFacts>,
  selectors: WorkloadSelectors,
  weights: readonly TaskWeight[],
  defaultTasks: number,
): TaskCounts {
  const byRegion = new Map<string, number>();
  const byNode = new Map<string, { total: number; byWorkload: Map<string, number> }>();
  for (const pod of pods) {
    if (pod.node === undefined) continue;
    const tasks = podTasks(pod, selectors, weights, defaultTasks);
    if (tasks === 0) continue;
    const region = nodes.get(pod.node)?.region ?? 'unknown';
    byRegion.set(region, (byRegion.get(region) ?? 0) + tasks);
    const entry = byNode.get(pod.node) ?? { total: 0, byWorkload: new Map<string, number>() };
    entry.total += tasks;
    const workload = workloadOf(pod, selectors)!;
    entry.byWorkload.set(workload, (entry.byWorkload.get(workload) ?? 0) + tasks);
    byNode.set(pod.node, entry);
  }
  return { byRegion, byNode };
}
