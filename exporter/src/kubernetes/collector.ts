/**
 * The `kubernetes` collector: lists the pods on this node (field selector
 * `spec.nodeName`, served from the API server's watch cache) and reads the
 * node's labels, through @kubernetes/client-node. Needs only `get nodes` and
 * `list pods` (no secrets access).
 */
import { CoreV1Api, KubeConfig, type V1ConfigMap, type V1Pod } from '@kubernetes/client-node';
import type { CollectContext, Collector, CollectorOutput, Reading } from '../collect/readings';
import type { PodsByUid } from '../collect/proc/collector';
import { podWorkloads } from '../collect/workloads';
import { podConfigMapNames, podReadings } from './pods';

export interface KubernetesCollector extends Collector {
  /** Labels of this node from the last successful read. */
  nodeLabels(): Record<string, string> | undefined;
  /** Reads the node's labels now, so the first collection already carries the right identity. Never throws. */
  refreshNodeLabels(): Promise<boolean>;
  /** The pods of this node by UID for this collection (one list call shared with `collect`). */
  podsByUid(ctx: CollectContext): Promise<PodsByUid>;
}

/** A client from a kubeconfig file, or the in-cluster service account when none is given. */
export function createCoreApi(kubeconfig?: string): CoreV1Api {
  const kc = new KubeConfig();
  if (kubeconfig) kc.loadFromFile(kubeconfig);
  else kc.loadFromCluster();
  return kc.makeApiClient(CoreV1Api);
}

export function createKubernetesCollector(api: CoreV1Api, nodeName: string): KubernetesCollector {
  let labels: Record<string, string> | undefined;
  // One pod list per collection, shared by this collector and the process collector.
  const listed = new WeakMap<CollectContext, Promise<V1Pod[]>>();
  const listPods = (ctx: CollectContext): Promise<V1Pod[]> => {
    let pods = listed.get(ctx);
    if (!pods) {
      pods = api.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${nodeName}`, resourceVersion: '0' }).then((l) => l.items);
      listed.set(ctx, pods);
    }
    return pods;
  };
  return {
    async podsByUid(ctx) {
      const out = new Map<string, { ref: string; workloads: string[] }>();
      for (const pod of await listPods(ctx)) {
        const uid = pod.metadata?.uid;
        if (uid)
          out.set(uid, { ref: `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`, workloads: podWorkloads(ctx.model, pod.metadata?.labels ?? {}) });
      }
      return out;
    },
    name: 'kubernetes',
    nodeLabels: () => labels,
    async refreshNodeLabels() {
      try {
        labels = { ...((await api.readNode({ name: nodeName })).metadata?.labels ?? {}) };
        return true;
      } catch {
        return false;
      }
    },
    async collect(ctx): Promise<CollectorOutput> {
      const [node, pods] = await Promise.all([api.readNode({ name: nodeName }), listPods(ctx)]);
      labels = { ...(node.metadata?.labels ?? {}) };
      const readings: Reading[] = [];
      const workloads = new Set<string>();
      // ConfigMaps are read (get configmaps) only when the spec has a `configmap` source.
      const wanted = ctx.model.rules.some((r) => r.source.kind === 'pod' && r.source.field === 'configmap');
      const configMaps = new Map<string, V1ConfigMap>();
      const errors: string[] = [];
      if (wanted) {
        for (const ref of [...new Set(pods.flatMap(podConfigMapNames))]) {
          const [namespace, name] = ref.split('/') as [string, string];
          try {
            configMaps.set(ref, await api.readNamespacedConfigMap({ name, namespace }));
          } catch (err) {
            // Missing: no reading, as the kubelet would not start the pod. Anything else (403) is a collector error.
            const code = (err as { code?: number }).code;
            if (code !== 404) errors.push(`configmap ${ref}: ${code ? `HTTP ${code}` : 'read failed'}`);
          }
        }
      }
      for (const pod of pods) {
        const got = podReadings(ctx.model, pod, configMaps);
        got.workloads.forEach((w) => workloads.add(w));
        readings.push(...got.readings);
      }
      return { readings, errors, activeWorkloads: [...workloads].sort() };
    },
  };
}
