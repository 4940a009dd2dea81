/**
 * emr-decommission: shrink the node's EMR instance group by terminating exactly
 * that instance. Looks the instance up first; if it is no longer running, there
 * is nothing to do (idempotent).
 */
import { EMRClient, ListInstanceGroupsCommand, ListInstancesCommand, ModifyInstanceGroupsCommand } from '@aws-sdk/client-emr';
import { withRetry } from '../kube/retry';
import type { Playbook } from './types';

export interface EmrTarget {
  client: EMRClient;
  /** EMR cluster id per region. */
  clusters: Record<string, string>;
}

export function makeEmrClient(region: string, endpoint?: string): EMRClient {
  return new EMRClient({ region, ...(endpoint !== undefined ? { endpoint } : {}), maxAttempts: 1 });
}

export function emrDecommissionPlaybook(target: EmrTarget | undefined): Playbook {
  return async (ctx) => {
    const { action } = ctx;
    if (target === undefined) return { ok: false, detail: 'EMR is not configured (emr.clusters)' };
    const clusterId = target.clusters[action.region];
    if (clusterId === undefined) return { ok: false, detail: `no EMR cluster configured for region ${action.region}` };
    const call = <T>(fn: () => Promise<T>) => withRetry(fn, ctx.retry);
    const instances = await call(() =>
      target.client.send(new ListInstancesCommand({ ClusterId: clusterId, InstanceStates: ['RUNNING', 'BOOTSTRAPPING', 'PROVISIONING'] })),
    );
    const instance = (instances.Instances ?? []).find((i) => i.PrivateDnsName === action.node || i.Ec2InstanceId === action.node);
    if (instance === undefined || instance.Ec2InstanceId === undefined || instance.InstanceGroupId === undefined) {
      return { ok: true, changed: false, detail: `${action.node} is not a running instance of ${clusterId}: already decommissioned` };
    }
    const groups = await call(() => target.client.send(new ListInstanceGroupsCommand({ ClusterId: clusterId })));
    const group = (groups.InstanceGroups ?? []).find((g) => g.Id === instance.InstanceGroupId);
    if (group === undefined) return { ok: false, detail: `instance group ${instance.InstanceGroupId} not found in ${clusterId}` };
    if (group.InstanceGroupType === 'MASTER') return { ok: false, detail: `${action.node} is the primary node of ${clusterId}; refusing to decommission it` };
    const count = Math.max(0, (group.RequestedInstanceCount ?? 1) - 1);
    await call(() =>
      target.client.send(
        new ModifyInstanceGroupsCommand({
          ClusterId: clusterId,
          InstanceGroups: [{ InstanceGroupId: group.Id, InstanceCount: count, EC2InstanceIdsToTerminate: [instance.Ec2InstanceId!] }],
        }),
      ),
    );
    return { ok: true, changed: true, detail: `decommissioning ${instance.Ec2InstanceId} (${action.node}) from ${group.Id}; group shrinks to ${count}` };
  };
}
