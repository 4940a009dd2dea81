/**
 * EMR decommission and image rebuild, end to end through the handler, against
 * local servers that check each request: the EMR server checks the JSON 1.1
 * target, the SigV4 signature header and the body, as AWS would reject them.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';
import { TOKEN_ENV, config, driftLabels, post, readAudit, webhookBody } from './fixtures';
import type { Server } from 'node:http';

const CLUSTER = 'j-PLUMBTEST0001';
const emrCalls: { target: string; body: any }[] = [];
const ciCalls: { headers: Record<string, unknown>; body: any }[] = [];
const groups = [
  { Id: 'ig-TASK', InstanceGroupType: 'TASK', RequestedInstanceCount: 5 },
  { Id: 'ig-MASTER', InstanceGroupType: 'MASTER', RequestedInstanceCount: 1 },
];
const instances = [
  { Id: 'ci-1', Ec2InstanceId: 'i-0aaa', PrivateDnsName: 'ip-10-0-0-1.eu-west-1.compute.internal', InstanceGroupId: 'ig-TASK', Status: { State: 'RUNNING' } },
  { Id: 'ci-2', Ec2InstanceId: 'i-0bbb', PrivateDnsName: 'ip-10-0-0-2.eu-west-1.compute.internal', InstanceGroupId: 'ig-MASTER', Status: { State: 'RUNNING' } },
];
let servers: Server[] = [];
let handler: RunningHandler;
let auditPath: string;

function listen(app: express.Express): Promise<string> {
  return new Promise((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(s.address() as AddressInfo).port}`));
    servers.push(s);
  });
}

beforeAll(async () => {
  const emr = express();
  emr.use(express.json({ type: 'application/x-amz-json-1.1' }));
  emr.post('/', (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const auth = String(req.headers.authorization ?? '');
    if (
      !/^AWS4-HMAC-SHA256 Credential=AKIDPLUMBTEST\/\d{8}\/eu-west-1\/elasticmapreduce\/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$/.test(
        auth,
      )
    ) {
      return void res.status(403).json({ __type: 'InvalidSignatureException', message: 'bad signature header' });
    }
    if (req.body?.ClusterId !== CLUSTER) return void res.status(400).json({ __type: 'InvalidRequestException', message: 'unknown cluster' });
    emrCalls.push({ target, body: req.body });
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    if (target === 'ElasticMapReduce.ListInstances') return void res.json({ Instances: instances });
    if (target === 'ElasticMapReduce.ListInstanceGroups') return void res.json({ InstanceGroups: groups });
    if (target === 'ElasticMapReduce.ModifyInstanceGroups') {
      const [g] = req.body.InstanceGroups;
      if (g.InstanceGroupId !== 'ig-TASK' || g.InstanceCount !== 4 || g.ShrinkPolicy?.InstanceResizePolicy?.InstancesToTerminate?.[0] !== 'i-0aaa')
        return void res.status(400).json({ __type: 'ValidationException', message: 'unexpected modify' });
      instances.splice(0, 1);
      return void res.json({});
    }
    res.status(400).json({ __type: 'UnknownOperationException' });
  });
  const ci = express();
  ci.use(express.json());
  ci.post('/rebuild', (req, res) => {
    if (req.headers.authorization !== 'Bearer ci-token-xyz') return void res.status(401).end();
    ciCalls.push({ headers: req.headers, body: req.body });
    res.status(202).json({ pipeline: 42 });
  });
  const [emrUrl, ciUrl] = await Promise.all([listen(emr), listen(ci)]);
  process.env.AWS_ACCESS_KEY_ID = 'AKIDPLUMBTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'plumb-test-secret';
  const cfg = config({
    emr: { region: 'eu-west-1', endpoint: emrUrl, clusters: { 'eu-west-1': CLUSTER } },
    rebuild: { url: `${ciUrl}/rebuild`, token: { env: 'CI_TOKEN' } },
    budget: { emrRunningTasks: { 'eu-west-1': 800 } },
    poolSizes: { 'emr-task': 150, 'emr-master': 1 },
  });
  auditPath = cfg.auditPath;
  const started = await startHandler(cfg, { kube: null, env: { ...process.env, ...TOKEN_ENV, CI_TOKEN: 'ci-token-xyz' }, autoRun: false });
  if (!started.ok) throw new Error(started.errors.join('\n'));
  handler = started.handler;
});

afterAll(async () => {
  await handler?.stop();
  for (const s of servers) s.close();
  servers = [];
});

const rounds = async (n: number) => {
  for (let i = 0; i < n; i++) {
    await handler.worker.round();
    await handler.worker.idle();
  }
};

describe('emr-decommission', () => {
  it('terminates exactly the drifted instance and shrinks its group by one', async () => {
    const node = 'ip-10-0-0-1.eu-west-1.compute.internal';
    await post(
      `${handler.url}/hooks/alertmanager`,
      webhookBody([
        { labels: { ...driftLabels({ node, playbook: 'emr-decommission', pool: 'emr-task' }), platform: 'emr', sd_platform: 'emr', sd_emr_cluster: CLUSTER } },
      ]),
    );
    await rounds(2);
    expect(emrCalls.map((c) => c.target)).toEqual([
      'ElasticMapReduce.ListInstances',
      'ElasticMapReduce.ListInstanceGroups',
      'ElasticMapReduce.ModifyInstanceGroups',
    ]);
    const action = handler.engine.ledger.listActions({ node })[0]!;
    expect(action.state).toBe('succeeded');
    expect(action.cost).toBe(4);
  });

  it('is stopped by the quarantine cap on a one-node pool', async () => {
    const node = 'ip-10-0-0-2.eu-west-1.compute.internal';
    await post(
      `${handler.url}/hooks/alertmanager`,
      webhookBody([
        {
          labels: { ...driftLabels({ node, playbook: 'emr-decommission', pool: 'emr-master' }), platform: 'emr', sd_platform: 'emr', sd_emr_cluster: CLUSTER },
        },
      ]),
    );
    await rounds(1);
    expect(handler.engine.ledger.listActions({ node })[0]?.lastRefusal).toMatch(/^quarantine-cap/);
  });

  it('refuses to decommission the primary node even when the alert names another pool', async () => {
    const node = 'ip-10-0-0-2.eu-west-1.compute.internal';
    await post(
      `${handler.url}/hooks/alertmanager`,
      webhookBody([
        {
          labels: {
            ...driftLabels({ node, playbook: 'emr-decommission', pool: 'emr-task', dimension: 'spark.executor.memory' }),
            platform: 'emr',
            sd_platform: 'emr',
            sd_emr_cluster: CLUSTER,
          },
        },
      ]),
    );
    await rounds(2);
    expect(handler.engine.ledger.listActions({ node }).find((a) => a.dimension === 'spark.executor.memory')?.state).toBe('failed');
    expect(emrCalls.filter((c) => c.target === 'ElasticMapReduce.ModifyInstanceGroups')).toHaveLength(1);
  });
});

describe('rebuild', () => {
  it('calls the CI webhook once with the action id as idempotency key, and never logs the token', async () => {
    await post(
      `${handler.url}/hooks/alertmanager`,
      webhookBody([{ labels: driftLabels({ node: 'rb-node-1', workload: 'dbt-runner', dimension: 'dbt-snowflake', playbook: 'rebuild' }) }]),
    );
    await rounds(2);
    expect(ciCalls).toHaveLength(1);
    const action = handler.engine.ledger.listActions({ node: 'rb-node-1' })[0]!;
    expect(ciCalls[0]!.headers['idempotency-key']).toBe(action.id);
    expect(ciCalls[0]!.body).toMatchObject({ workload: 'dbt-runner', dimension: 'dbt-snowflake', node: 'rb-node-1' });
    expect(action.state).toBe('succeeded');
    expect(JSON.stringify(readAudit(auditPath))).not.toContain('ci-token-xyz');
  });
});
