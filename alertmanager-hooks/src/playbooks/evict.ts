/**
 * Eviction, one pod at a time, through the Eviction API so PodDisruptionBudgets
 * are honoured. A 429 means the budget forbids it now: wait and ask again, never
 * delete the pod directly. Evicted pods are saved as progress, so a restarted
 * handler does not evict them twice.
 */
import type { KubeClients } from '../kube/clients';
import { statusOf, withRetry } from '../kube/retry';
import { podFacts } from '../kube/snapshot';
import type { PodFacts } from '../kube/tasks';
import type { PlaybookContext, PlaybookResult } from './types';

export interface EvictionTiming {
  /** Longest wait for a PodDisruptionBudget to allow an eviction. */
  pdbWaitMs: number;
  pollEveryMs: number;
}

/** Lists the pods on the node that `select` keeps, in a stable order. */
export async function podsOnNode(kube: KubeClients, node: string, select: (p: PodFacts) => boolean): Promise<PodFacts[]> {
  const list = await kube.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node}` });
  return list.items
    .map(podFacts)
    .filter((p) => !p.terminating && select(p))
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

export async function evictPods(kube: KubeClients, ctx: PlaybookContext, pods: readonly PodFacts[], timing: EvictionTiming): Promise<PlaybookResult> {
  const done = new Set<string>((ctx.action.progress.evicted as string[] | undefined) ?? []);
  let evicted = 0;
  for (const pod of pods) {
    if (done.has(pod.uid)) continue;
    const waitedFrom = ctx.nowMs();
    for (;;) {
      try {
        await withRetry(
          () =>
            kube.core.createNamespacedPodEviction({
              name: pod.name,
              namespace: pod.namespace,
              body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.name, namespace: pod.namespace } },
            }),
          ctx.retry,
        );
        break;
      } catch (err) {
        const status = statusOf(err);
        if (status === 404) break; // already gone: nothing to do
        if (status !== 429) throw err;
        if (ctx.nowMs() - waitedFrom >= timing.pdbWaitMs) {
          return { ok: false, detail: `PodDisruptionBudget kept ${pod.namespace}/${pod.name} for ${Math.round(timing.pdbWaitMs / 1000)} s; not forced` };
        }
        await ctx.step('action.waiting', { actionId: ctx.action.id, pod: `${pod.namespace}/${pod.name}`, reason: 'PodDisruptionBudget (429)' });
        await ctx.sleep(timing.pollEveryMs);
      }
    }
    done.add(pod.uid);
    evicted++;
    ctx.saveProgress({ ...ctx.action.progress, evicted: [...done] });
    await ctx.step('action.step', { actionId: ctx.action.id, node: ctx.action.node, evicted: `${pod.namespace}/${pod.name}` });
    await waitUntilGone(kube, pod, ctx, timing);
  }
  return {
    ok: true,
    changed: evicted > 0,
    detail: evicted > 0 ? `evicted ${evicted} pod(s) on ${ctx.action.node}` : `no pod left to evict on ${ctx.action.node}`,
  };
}

/** One at a time: the next eviction waits until the previous pod has terminated (bounded). */
async function waitUntilGone(kube: KubeClients, pod: PodFacts, ctx: PlaybookContext, timing: EvictionTiming): Promise<void> {
  const until = ctx.nowMs() + timing.pdbWaitMs;
  while (ctx.nowMs() < until) {
    try {
      const current = await kube.core.readNamespacedPod({ name: pod.name, namespace: pod.namespace });
      if (current.metadata?.uid !== pod.uid) return;
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw err;
    }
    await ctx.sleep(Math.min(timing.pollEveryMs, 500));
  }
}
