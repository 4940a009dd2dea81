/**
 * emr-decommission: take exactly the drifted instance out of its EMR cluster,
 * idempotently against EMR's own state.
 *
 * - The instance is looked up on every page of ListInstances, in any state:
 *   TERMINATED means done; not found means the node is not in this cluster,
 *   which fails (never reported as "already decommissioned").
 * - Instance groups: ModifyInstanceGroups names the instance
 *   (`ShrinkPolicy.InstanceResizePolicy.InstancesToTerminate`, with a
 *   decommission timeout) and an absolute target count computed once and kept
 *   as progress before the call. A resumed or repeated run sends the same
 *   absolute request, which EMR treats as already applied, so the group never
 *   shrinks twice and EMR never picks an untargeted instance.
 * - Instance fleets: EMR's API has no targeted way out of a fleet.
 *   ModifyInstanceFleet takes target capacities only (InstanceFleetModifyConfig
 *   names no instance), so a shrink terminates instances of EMR's choosing;
 *   terminating the instance through EC2 skips the YARN decommission and the
 *   fleet launches a replacement to meet its target. So a fleet member is
 *   quarantined (the quarantine playbook's taint, when it is a Kubernetes
 *   node), EMR is not called, and the action fails with the reason and the
 *   API reference: it escalates to a person. Repeated runs find the taint in
 *   place and say so.
 */
import { EMRClient, ListInstanceGroupsCommand, ListInstancesCommand, ModifyInstanceGroupsCommand, type Instance } from '@aws-sdk/client-emr';
import type { KubeClients } from '../kube/clients';
import { statusOf, withRetry } from '../kube/retry';
import { quarantinePlaybook } from './quarantine';
import type { Playbook, PlaybookContext } from './types';

/** AWS's reference for the fleet modification call, which has no field naming an instance to remove. */
export const FLEET_MODIFY_REFERENCE = 'https://docs.aws.amazon.com/emr/latest/APIReference/API_InstanceFleetModifyConfig.html';

export interface EmrTarget {
  client: EMRClient;
  /** EMR cluster id per region. */
  clusters: Record<string, string>;
  /** YARN decommission timeout given to EMR for the targeted instance (seconds). */
  decommissionTimeoutSeconds?: number;
}

/** What the playbook keeps as progress: the request, computed once. */
interface EmrRequest {
  instanceId: string;
  groupId: string;
  targetCount: number;
}

export function makeEmrClient(region: string, endpoint?: string): EMRClient {
  return new EMRClient({ region, ...(endpoint !== undefined ? { endpoint } : {}), maxAttempts: 1 });
}

/** Every page of ListInstances until the node is found. */
async function findInstance(target: EmrTarget, clusterId: string, node: string, ctx: PlaybookContext): Promise<Instance | undefined> {
  let marker: string | undefined;
  do {
    const page = await withRetry(
      () => target.client.send(new ListInstancesCommand({ ClusterId: clusterId, ...(marker ? { Marker: marker } : {}) })),
      ctx.retry,
    );
    const hit = (page.Instances ?? []).find((i) => i.PrivateDnsName === node || i.Ec2InstanceId === node);
    if (hit) return hit;
    marker = page.Marker || undefined;
  } while (marker !== undefined);
  return undefined;
}

/** Keeps new work off a fleet member that EMR cannot take out alone; says what happened, never throws. */
async function quarantineFleetMember(kube: KubeClients | undefined, ctx: PlaybookContext): Promise<string> {
  if (kube === undefined) return 'not quarantined: Kubernetes is not configured for this handler';
  // Outside the try: losing the lease must stop the run, not become a detail.
  ctx.assertActing();
  try {
    const r = await quarantinePlaybook(kube)(ctx);
    return r.ok ? `quarantined (${r.detail})` : `not quarantined: ${r.detail}`;
  } catch (err) {
    return statusOf(err) === 404 ? `not quarantined: ${ctx.action.node} is not a Kubernetes node` : `not quarantined: ${(err as Error).message.split('\n')[0]}`;
  }
}

/** `kube` (optional) lets a fleet member that cannot be decommissioned be quarantined instead. */
export function emrDecommissionPlaybook(target: EmrTarget | undefined, kube?: KubeClients): Playbook {
  return async (ctx) => {
    const { action } = ctx;
    if (target === undefined) return { ok: false, detail: 'EMR is not configured (emr.clusters)' };
    const clusterId = target.clusters[action.region];
    if (clusterId === undefined) return { ok: false, detail: `no EMR cluster configured for region ${action.region}` };
    const call = <T>(fn: () => Promise<T>) => withRetry(fn, ctx.retry);
    const instance = await findInstance(target, clusterId, action.node, ctx);
    if (instance === undefined || instance.Ec2InstanceId === undefined)
      return { ok: false, detail: `${action.node} is not an instance of ${clusterId} (all pages of ListInstances read)` };
    if (instance.Status?.State === 'TERMINATED')
      return { ok: true, changed: false, detail: `${instance.Ec2InstanceId} (${action.node}) is already terminated` };
    if (instance.InstanceFleetId !== undefined) {
      const quarantine = await quarantineFleetMember(kube, ctx);
      return {
        ok: false,
        detail:
          `${instance.Ec2InstanceId} (${action.node}) belongs to instance fleet ${instance.InstanceFleetId}: EMR's API cannot decommission a chosen instance of a fleet ` +
          `(ModifyInstanceFleet sets target capacities only, so EMR would terminate instances of its own choosing, and an EC2 termination skips the YARN decommission and is replaced); ` +
          `${quarantine}; a person must decommission it (${FLEET_MODIFY_REFERENCE})`,
      };
    }
    if (instance.InstanceGroupId === undefined) return { ok: false, detail: `${action.node} has neither an instance group nor a fleet in ${clusterId}` };
    const groups = await call(() => target.client.send(new ListInstanceGroupsCommand({ ClusterId: clusterId })));
    const group = (groups.InstanceGroups ?? []).find((g) => g.Id === instance.InstanceGroupId);
    if (group === undefined) return { ok: false, detail: `instance group ${instance.InstanceGroupId} not found in ${clusterId}` };
    if (group.InstanceGroupType === 'MASTER') return { ok: false, detail: `${action.node} is the primary node of ${clusterId}; refusing to decommission it` };
    const saved = action.progress.emr as EmrRequest | undefined;
    const request: EmrRequest =
      saved?.instanceId === instance.Ec2InstanceId
        ? saved
        : { instanceId: instance.Ec2InstanceId, groupId: group.Id!, targetCount: Math.max(0, (group.RequestedInstanceCount ?? 1) - 1) };
    // Kept before the call: a resumed run repeats this absolute request, never a fresh "count - 1".
    if (saved === undefined) {
      ctx.saveProgress({ ...action.progress, emr: request });
      await ctx.persist();
    }
    ctx.assertActing();
    await call(() =>
      target.client.send(
        new ModifyInstanceGroupsCommand({
          ClusterId: clusterId,
          InstanceGroups: [
            {
              InstanceGroupId: request.groupId,
              InstanceCount: request.targetCount,
              ShrinkPolicy: {
                DecommissionTimeout: target.decommissionTimeoutSeconds ?? 3600,
                InstanceResizePolicy: { InstancesToTerminate: [request.instanceId], InstanceTerminationTimeout: target.decommissionTimeoutSeconds ?? 3600 },
              },
            },
          ],
        }),
      ),
    );
    const again = saved !== undefined;
    return {
      ok: true,
      changed: !again,
      detail: `${again ? 'decommission already requested; repeated the same request for' : 'decommissioning'} ${request.instanceId} (${action.node}) from ${request.groupId}; group target ${request.targetCount}`,
    };
  };
}
