/**
 * A local EMR API that models what decommissioning does to a cluster, so
 * idempotency is judged by EMR's state, not by the handler's records:
 * instances with states, ListInstances in pages of 50 (`Marker`), instance
 * groups whose shrink terminates the instances named in
 * `InstancesToTerminate`/`EC2InstanceIdsToTerminate` first and, if the target
 * count asks for more, instances of EMR's own choosing (recorded as
 * `untargeted`), and an instance fleet whose ModifyInstanceFleet takes target
 * capacities only, so any shrink is of EMR's choosing. Requests are checked as AWS would: JSON 1.1 target, SigV4
 * header shape, cluster id.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { ActionRecord } from '@plumb/alertmanager-hooks/ledger/action';
import type { PlaybookContext } from '@plumb/alertmanager-hooks/playbooks/types';

export interface ModelInstance {
  Id: string;
  Ec2InstanceId: string;
  PrivateDnsName: string;
  InstanceGroupId?: string;
  InstanceFleetId?: string;
  state: 'RUNNING' | 'TERMINATED';
  decommissioning: boolean;
}

export interface ModelGroup {
  Id: string;
  InstanceGroupType: 'MASTER' | 'CORE' | 'TASK';
  RequestedInstanceCount: number;
}

export interface EmrModel {
  url: string;
  clusterId: string;
  instances: ModelInstance[];
  groups: ModelGroup[];
  /** Instances EMR chose itself because the target count asked for more than was named. */
  untargeted: string[];
  calls: string[];
  /** Finishes every decommission in progress (the YARN timeout passes). */
  finishDecommissions(): void;
  stop(): Promise<void>;
}

const PAGE = 50;

export async function startEmrModel(o: {
  clusterId: string;
  taskInstances: number;
  fleetInstances?: number;
  accessKeyId: string;
  region: string;
}): Promise<EmrModel> {
  const groups: ModelGroup[] = [
    { Id: 'ig-MASTER', InstanceGroupType: 'MASTER', RequestedInstanceCount: 1 },
    { Id: 'ig-TASK', InstanceGroupType: 'TASK', RequestedInstanceCount: o.taskInstances },
  ];
  const instances: ModelInstance[] = [];
  const add = (i: number, group: { InstanceGroupId?: string; InstanceFleetId?: string }) =>
    instances.push({
      Id: `ci-${i}`,
      Ec2InstanceId: `i-${String(i).padStart(8, '0')}`,
      PrivateDnsName: `ip-10-1-${Math.floor(i / 250)}-${i % 250}.${o.region}.compute.internal`,
      ...group,
      state: 'RUNNING',
      decommissioning: false,
    });
  add(0, { InstanceGroupId: 'ig-MASTER' });
  for (let i = 1; i <= o.taskInstances; i++) add(i, { InstanceGroupId: 'ig-TASK' });
  for (let i = 0; i < (o.fleetInstances ?? 0); i++) add(10_000 + i, { InstanceFleetId: 'if-TASKFLEET' });
  const model = { clusterId: o.clusterId, instances, groups, untargeted: [] as string[], calls: [] as string[] };

  const app = express();
  app.use(express.json({ type: 'application/x-amz-json-1.1' }));
  const fail = (res: express.Response, status: number, type: string, message: string) => void res.status(status).json({ __type: type, message });
  app.post('/', (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const sig = new RegExp(
      `^AWS4-HMAC-SHA256 Credential=${o.accessKeyId}/\\d{8}/${o.region}/elasticmapreduce/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$`,
    );
    if (!sig.test(String(req.headers.authorization ?? ''))) return fail(res, 403, 'InvalidSignatureException', 'bad signature header');
    if (req.body?.ClusterId !== o.clusterId) return fail(res, 400, 'InvalidRequestException', 'unknown cluster');
    model.calls.push(target.replace('ElasticMapReduce.', ''));
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    if (target === 'ElasticMapReduce.ListInstances') {
      const states = req.body.InstanceStates as string[] | undefined;
      const visible = instances.filter((i) => states === undefined || states.includes(i.state));
      const start = req.body.Marker ? Number(req.body.Marker) : 0;
      const page = visible.slice(start, start + PAGE).map(({ state, decommissioning: _d, ...i }) => ({ ...i, Status: { State: state } }));
      return void res.json({ Instances: page, ...(start + PAGE < visible.length ? { Marker: String(start + PAGE) } : {}) });
    }
    if (target === 'ElasticMapReduce.ListInstanceGroups') {
      return void res.json({
        InstanceGroups: groups.map((g) => ({
          ...g,
          RunningInstanceCount: instances.filter((i) => i.InstanceGroupId === g.Id && i.state === 'RUNNING').length,
        })),
      });
    }
    if (target === 'ElasticMapReduce.ModifyInstanceGroups') {
      for (const m of req.body.InstanceGroups as {
        InstanceGroupId: string;
        InstanceCount?: number;
        EC2InstanceIdsToTerminate?: string[];
        ShrinkPolicy?: { InstanceResizePolicy?: { InstancesToTerminate?: string[] } };
      }[]) {
        const group = groups.find((g) => g.Id === m.InstanceGroupId);
        if (group === undefined) return fail(res, 400, 'InvalidRequestException', `no instance group ${m.InstanceGroupId}`);
        if (m.InstanceCount === undefined) continue;
        group.RequestedInstanceCount = m.InstanceCount;
        const named = [...(m.EC2InstanceIdsToTerminate ?? []), ...(m.ShrinkPolicy?.InstanceResizePolicy?.InstancesToTerminate ?? [])];
        const members = () => instances.filter((i) => i.InstanceGroupId === group.Id && i.state === 'RUNNING');
        for (const i of members()) if (named.includes(i.Ec2InstanceId)) i.decommissioning = true;
        // More to remove than named: EMR chooses, from the end.
        let excess = members().filter((i) => !i.decommissioning).length - m.InstanceCount;
        for (const i of [...members()].reverse()) {
          if (excess <= 0) break;
          if (i.decommissioning) continue;
          i.decommissioning = true;
          model.untargeted.push(i.Ec2InstanceId);
          excess--;
        }
      }
      return void res.json({});
    }
    if (target === 'ElasticMapReduce.ModifyInstanceFleet') {
      // InstanceFleetModifyConfig has no field naming an instance: a lower target terminates instances EMR picks.
      const m = req.body.InstanceFleet as { InstanceFleetId: string; TargetOnDemandCapacity?: number; TargetSpotCapacity?: number };
      const members = instances.filter((i) => i.InstanceFleetId === m.InstanceFleetId && i.state === 'RUNNING' && !i.decommissioning);
      if (members.length === 0) return fail(res, 400, 'InvalidRequestException', `no instance fleet ${m.InstanceFleetId}`);
      const capacity = (m.TargetOnDemandCapacity ?? 0) + (m.TargetSpotCapacity ?? 0);
      for (const i of members.reverse().slice(0, Math.max(0, members.length - capacity))) {
        i.decommissioning = true;
        model.untargeted.push(i.Ec2InstanceId);
      }
      return void res.json({});
    }
    fail(res, 400, 'UnknownOperationException', target);
  });
  const server: Server = await new Promise((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  return Object.assign(model, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    finishDecommissions() {
      for (const i of instances) if (i.decommissioning) ((i.state = 'TERMINATED'), (i.decommissioning = false));
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  });
}

/**
 * A playbook run on `node` as a resumed run sees it: progress kept between runs (as the
 * shared state keeps it), this replica always acting, one attempt per call.
 */
export function emrPlaybookRun(node: string, region: string, severity = 'critical'): PlaybookContext {
  const record = { id: `act-${node}`, node, region, severity, progress: {} } as unknown as ActionRecord;
  return {
    action: record,
    assertActing: () => {},
    saveProgress: (p) => void (record.progress = p),
    persist: async () => {},
    step: async () => {},
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    selectors: {},
    sleep: async () => {},
    nowMs: Date.now,
  };
}
