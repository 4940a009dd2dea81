/**
 * EMR decommission resumed twice (failover, restart) against a local EMR that
 * models instance states, pagination and what a shrink terminates: judged by
 * EMR's state, exactly the targeted instance goes and the group shrinks once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emrDecommissionPlaybook, makeEmrClient, type EmrTarget } from '@plumb/alertmanager-hooks/playbooks/emr';
import { emrPlaybookRun, startEmrModel, type EmrModel } from '../emr-server';

const REGION = 'eu-west-1';
let emr: EmrModel;
let target: EmrTarget;

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDPLUMBTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'plumb-test-secret';
  emr = await startEmrModel({ clusterId: 'j-PLUMBCHAOS01', taskInstances: 140, fleetInstances: 3, accessKeyId: 'AKIDPLUMBTEST', region: REGION });
  target = { client: makeEmrClient(REGION, emr.url), clusters: { [REGION]: emr.clusterId }, decommissionTimeoutSeconds: 600 };
});
afterAll(async () => emr?.stop());

const task = () => emr.groups.find((g) => g.Id === 'ig-TASK')!;

describe('emr-decommission against EMR state', () => {
  it('run, then resumed twice while the instance is still decommissioning: one instance, the targeted one, and the group shrinks once', async () => {
    // Instance 120 is on the third page of ListInstances.
    const victim = emr.instances.find((i) => i.Ec2InstanceId === 'i-00000120')!;
    const ctx = emrPlaybookRun(victim.PrivateDnsName, REGION);
    const playbook = emrDecommissionPlaybook(target);
    const runs = [await playbook(ctx), await playbook(ctx), await playbook(ctx)];
    expect(runs.map((r) => r.ok)).toEqual([true, true, true]);
    expect(task().RequestedInstanceCount).toBe(139);
    expect(emr.untargeted).toEqual([]);
    expect(emr.instances.filter((i) => i.decommissioning).map((i) => i.Ec2InstanceId)).toEqual(['i-00000120']);
    expect(emr.calls.filter((c) => c === 'ListInstances').length).toBeGreaterThanOrEqual(3 * 3);

    emr.finishDecommissions();
    const after = await playbook(ctx);
    expect(after).toMatchObject({ ok: true, changed: false });
    expect(emr.instances.filter((i) => i.state === 'TERMINATED').map((i) => i.Ec2InstanceId)).toEqual(['i-00000120']);
  });

  it('fails for a node on no page of the cluster instead of calling it already decommissioned', async () => {
    const ctx = emrPlaybookRun('ip-10-9-9-9.eu-west-1.compute.internal', REGION);
    expect(await emrDecommissionPlaybook(target)(ctx)).toMatchObject({ ok: false, detail: expect.stringContaining('all pages') });
  });

  it('refuses an instance of a fleet, where EMR would terminate an instance of its own choosing', async () => {
    const member = emr.instances.find((i) => i.InstanceFleetId !== undefined)!;
    const before = emr.calls.filter((c) => c.startsWith('Modify')).length;
    const ctx = emrPlaybookRun(member.PrivateDnsName, REGION);
    expect(await emrDecommissionPlaybook(target)(ctx)).toMatchObject({ ok: false, detail: expect.stringContaining('instance fleet if-TASKFLEET') });
    expect(emr.calls.filter((c) => c.startsWith('Modify')).length).toBe(before);
  });
});
