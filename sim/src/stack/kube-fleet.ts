/**
 * Registers the simulated Kubernetes workers in a real kube-apiserver: one Node per
 * simulated k8s node (region, instance type and pool labels) and the data pods on it,
 * labelled as the spec's workload selectors expect. plumb-hooks then counts running
 * tasks, prices each action and checks quarantine caps against real API objects, as
 * it would in a cluster. EMR nodes stay outside Kubernetes, as they do in production.
 */
import { CoreV1Api, type KubeConfig, type V1Node, type V1Pod } from '@kubernetes/client-node';
import type { Model } from '@plumb/core/spec/model';
import type { SimNode } from '../fleet';

/** Data pods per simulated node, by workload: Spark executors, Airflow workers, dbt runs, consumers. */
export const PODS_PER_NODE: Record<string, number> = { 'airflow-worker': 1, 'spark-streaming': 4, 'spark-batch': 6, 'dbt-runner': 2, 'kafka-consumer': 3 };

/** Tasks each pod counts for in the handler's budget (an Airflow worker runs 16 task slots). */
export const TASK_WEIGHTS = [
  { podLabels: { app: 'airflow', component: 'worker' }, tasks: 16 },
  { podLabels: { 'spark-role': 'executor' }, tasks: 1 },
];

export const SIM_NAMESPACE = 'data';

export async function registerFleet(config: KubeConfig, model: Model, nodes: readonly SimNode[], concurrency = 16): Promise<{ nodes: number; pods: number }> {
  const api = config.makeApiClient(CoreV1Api);
  await api.createNamespace({ body: { metadata: { name: SIM_NAMESPACE } } }).catch(ignoreConflict);
  const k8s = nodes.filter((n) => n.identity.platform === 'k8s');
  const podLabels = new Map(model.workloads.map((w) => [w.name, { ...(w.match.podLabels ?? {}), 'plumb.dev/workload': w.name }]));
  const jobs: (() => Promise<unknown>)[] = [];
  let pods = 0;
  for (const n of k8s) {
    const id = n.identity;
    const node: V1Node = {
      metadata: {
        name: id.node,
        labels: {
          'topology.kubernetes.io/region': id.region,
          'node.kubernetes.io/instance-type': id.instanceType,
          'plumb.dev/pool': id.pool,
          'kubernetes.io/hostname': id.node,
        },
      },
    };
    const podsOfNode: V1Pod[] = [];
    for (const w of n.workloads) {
      for (let i = 0; i < (PODS_PER_NODE[w] ?? 0); i++) {
        podsOfNode.push({
          metadata: { name: `${w}-${id.node.split('.')[0]}-${i}`, namespace: SIM_NAMESPACE, labels: podLabels.get(w) ?? { 'plumb.dev/workload': w } },
          spec: { nodeName: id.node, containers: [{ name: 'main', image: `registry.example/${w}:1` }] },
        });
      }
    }
    pods += podsOfNode.length;
    jobs.push(async () => {
      await api.createNode({ body: node }).catch(ignoreConflict);
      for (const p of podsOfNode) await api.createNamespacedPod({ namespace: SIM_NAMESPACE, body: p }).catch(ignoreConflict);
    });
  }
  await runLimited(jobs, concurrency);
  return { nodes: k8s.length, pods };
}

async function runLimited(jobs: (() => Promise<unknown>)[], limit: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, jobs.length) }, async () => {
      while (next < jobs.length) await jobs[next++]?.();
    }),
  );
}

function ignoreConflict(err: unknown): void {
  if ((err as { code?: number }).code === 409) return;
  throw err;
}
