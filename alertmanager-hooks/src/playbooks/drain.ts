/**
 * drain: cordon the node, then evict every pod except DaemonSet and mirror pods
 * (which would come straight back). uncordon is its inverse.
 */
import { mergePatch, NODE_ANNOTATIONS, type KubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import { evictPods, podsOnNode, type EvictionTiming } from './evict';
import type { Playbook, PlaybookContext } from './types';

async function setUnschedulable(kube: KubeClients, ctx: PlaybookContext, unschedulable: boolean): Promise<boolean> {
  return withRetry(async () => {
    const node = await kube.core.readNode({ name: ctx.action.node });
    if ((node.spec?.unschedulable === true) === unschedulable) return false;
    await kube.core.patchNode(
      {
        name: ctx.action.node,
        body: {
          metadata: {
            resourceVersion: node.metadata?.resourceVersion,
            annotations: { [NODE_ANNOTATIONS.lastAction]: ctx.action.id, [NODE_ANNOTATIONS.cordonAction]: unschedulable ? ctx.action.id : null },
          },
          spec: { unschedulable },
        },
      },
      mergePatch(),
    );
    return true;
  }, ctx.retry);
}

export function drainPlaybook(kube: KubeClients, timing: EvictionTiming): Playbook {
  return async (ctx) => {
    const cordoned = await setUnschedulable(kube, ctx, true);
    if (cordoned) await ctx.step('action.step', { actionId: ctx.action.id, node: ctx.action.node, cordoned: true });
    const pods = await podsOnNode(kube, ctx.action.node, (p) => p.ownerKind !== 'DaemonSet' && p.ownerKind !== 'Node');
    const result = await evictPods(kube, ctx, pods, timing);
    if (!result.ok) return result;
    return { ok: true, changed: cordoned || result.changed, detail: `cordoned ${ctx.action.node}; ${result.detail}` };
  };
}

export function uncordonPlaybook(kube: KubeClients): Playbook {
  return async (ctx) => {
    const changed = await setUnschedulable(kube, ctx, false);
    return { ok: true, changed, detail: changed ? `uncordoned ${ctx.action.node}` : `${ctx.action.node} already schedulable` };
  };
}
