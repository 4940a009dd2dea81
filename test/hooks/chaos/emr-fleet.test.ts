/**
 * A drifted node in an EMR instance fleet, against the local EMR (states,
 * pagination, a fleet whose shrink is of EMR's choosing) and the real
 * kube-apiserver: EMR's API has no targeted way out of a fleet, so the
 * playbook finds the node on a later page of ListInstances, quarantines it
 * with the quarantine playbook's taint, changes nothing in EMR, and fails with
 * the API limit and its reference so the action escalates to a person.
 * Resumed, it does the same and nothing more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { makeKubeClients } from '@plumb/alertmanager-hooks/kube/clients';
import { FLEET_MODIFY_REFERENCE, emrDecommissionPlaybook, makeEmrClient, type EmrTarget } from '@plumb/alertmanager-hooks/playbooks/emr';
import { startKubeCluster, type KubeCluster } from '../../support/kube-apiserver';
import { emrPlaybookRun, startEmrModel, type EmrModel } from '../emr-server';

const REGION = 'eu-west-1';
let emr: EmrModel;
let cluster: KubeCluster;
let core: CoreV1Api;
let playbook: ReturnType<typeof emrDecommissionPlaybook>;

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDPLUMBTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'plumb-test-secret';
  // 120 group instances first: the fleet members are on the third page of ListInstances.
  [emr, cluster] = await Promise.all([
    startEmrModel({ clusterId: 'j-PLUMBFLEET01', taskInstances: 120, fleetInstances: 3, accessKeyId: 'AKIDPLUMBTEST', region: REGION }),
    startKubeCluster(),
  ]);
  core = cluster.kubeConfig.makeApiClient(CoreV1Api);
  const target: EmrTarget = { client: makeEmrClient(REGION, emr.url), clusters: { [REGION]: emr.clusterId }, decommissionTimeoutSeconds: 600 };
  playbook = emrDecommissionPlaybook(target, makeKubeClients(cluster.kubeConfig));
}, 180_000);
afterAll(async () => {
  await emr?.stop();
  await cluster?.stop();
});

const action = (node: string) => emrPlaybookRun(node, REGION);
const fleetMembers = () => emr.instances.filter((i) => i.InstanceFleetId !== undefined);
const modifications = () => emr.calls.filter((c) => c.startsWith('Modify')).length;

describe('emr-decommission of an instance-fleet member', () => {
  it('finds it on a later page, quarantines it, leaves EMR untouched and escalates with the API limit; resumed twice, the same', async () => {
    const member = fleetMembers()[1]!;
    expect(emr.instances.indexOf(member)).toBeGreaterThanOrEqual(100);
    await core.createNode({ body: { metadata: { name: member.PrivateDnsName, labels: { 'plumb.dev/pool': 'emr-task' } } } });
    const ctx = action(member.PrivateDnsName);
    const before = modifications();
    const runs = [await playbook(ctx), await playbook(ctx), await playbook(ctx)];
    for (const r of runs) {
      expect(r.ok).toBe(false);
      expect(r.detail).toContain(`belongs to instance fleet ${member.InstanceFleetId}`);
      expect(r.detail).toContain('ModifyInstanceFleet sets target capacities only');
      expect(r.detail).toContain(FLEET_MODIFY_REFERENCE);
    }
    expect(runs[0]!.detail).toContain('quarantined (tainted');
    expect(runs[2]!.detail).toContain('already quarantined');
    // Judged by the kube-apiserver and EMR, not by the playbook's words.
    const node = await core.readNode({ name: member.PrivateDnsName });
    expect(node.spec?.taints?.filter((t) => t.key === 'plumb.dev/quarantine')).toEqual([
      { key: 'plumb.dev/quarantine', value: 'critical', effect: 'NoSchedule' },
    ]);
    expect(node.metadata?.annotations?.['plumb.dev/quarantine-action']).toBe(ctx.action.id);
    expect(modifications()).toBe(before);
    expect(emr.untargeted).toEqual([]);
    expect(fleetMembers().every((i) => i.state === 'RUNNING' && !i.decommissioning)).toBe(true);
  });

  it('still escalates, and says it could not quarantine, when the fleet member is not a Kubernetes node', async () => {
    const member = fleetMembers()[2]!;
    const r = await playbook(action(member.PrivateDnsName));
    expect(r).toMatchObject({ ok: false, detail: expect.stringContaining(`not quarantined: ${member.PrivateDnsName} is not a Kubernetes node`) });
    expect(r.detail).toContain(FLEET_MODIFY_REFERENCE);
    expect(emr.untargeted).toEqual([]);
  });
});
