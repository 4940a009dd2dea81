/**
 * restart: evict the drifted workload's pods on the node; their controllers
 * recreate them with the desired config. redeploy: the same for the workload's
 * DaemonSet pod only.
 */
import { mergePatch, NODE_ANNOTATIONS, type KubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import { workloadOf } from '../kube/tasks';
import { evictPods, podsOnNode, type EvictionTiming } from './evict';
import type { Playbook, PlaybookContext } from './types';

/** Marks the node with the action before anything is evicted, as every playbook does. */
async function annotateNode(kube: KubeClients, ctx: PlaybookContext): Promise<void> {
  ctx.assertActing();
  await withRetry(
    () => kube.core.patchNode({ name: ctx.action.node, body: { metadata: { annotations: { [NODE_ANNOTATIONS.lastAction]: ctx.action.id } } } }, mergePatch()),
    ctx.retry,
  );
}

export function restartPlaybook(kube: KubeClients, timing: EvictionTiming): Playbook {
  return async (ctx) => {
    await annotateNode(kube, ctx);
    const pods = await podsOnNode(kube, ctx.action.node, (p) => workloadOf(p, ctx.selectors) === ctx.action.workload);
    return evictPods(kube, ctx, pods, timing);
  };
}

export function redeployPlaybook(kube: KubeClients, timing: EvictionTiming): Playbook {
  return async (ctx) => {
    await annotateNode(kube, ctx);
    const pods = await podsOnNode(kube, ctx.action.node, (p) => p.ownerKind === 'DaemonSet' && workloadOf(p, ctx.selectors) === ctx.action.workload);
    return evictPods(kube, ctx, pods, timing);
  };
}
