/**
 * restart: evict the drifted workload's pods on the node; their controllers
 * recreate them with the desired config. redeploy: the same for the workload's
 * DaemonSet pod only.
 */
import type { KubeClients } from '../kube/clients';
import { workloadOf } from '../kube/tasks';
import { evictPods, podsOnNode, type EvictionTiming } from './evict';
import type { Playbook } from './types';

export function restartPlaybook(kube: KubeClients, timing: EvictionTiming): Playbook {
  return async (ctx) => {
    const pods = await podsOnNode(kube, ctx.action.node, (p) => workloadOf(p, ctx.selectors) === ctx.action.workload);
    return evictPods(kube, ctx, pods, timing);
  };
}

export function redeployPlaybook(kube: KubeClients, timing: EvictionTiming): Playbook {
  return async (ctx) => {
    const pods = await podsOnNode(kube, ctx.action.node, (p) => p.ownerKind === 'DaemonSet' && workloadOf(p, ctx.selectors) === ctx.action.workload);
    return evictPods(kube, ctx, pods, timing);
  };
}
