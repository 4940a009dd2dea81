/**
 * The kill switch and the people behind decisions, through a real Alertmanager and
 * judged from a real kube-apiserver's own audit log: a pause during a storm stops every
 * eviction and node write after the round that saw it; actions wait, deferred as
 * `paused`, and go on after the resume; a restart with the config switched to observe
 * stops the enforce actions still queued; undoing an approved quarantine needs another
 * person's approval; a Grafana user forwarded by the plugin's route is the person on
 * record, and a Grafana admin approves nothing unless named.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { makeKubeClients } from '@plumb/alertmanager-hooks/kube/clients';
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';
import { freePort } from '@plumb/io';
import { startAlertmanager, type RunningAlertmanager } from '../support/alertmanager-server';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';
import { readApiAudit } from './chaos/apiserver-audit';
import { TOKEN_ENV, TOKENS, config, driftLabels, plumbTaints, readAudit, seedCluster, until } from './fixtures';

const STORM = Array.from({ length: 40 }, (_, i) => `ks-${String(i).padStart(3, '0')}`);
const GRAFANA_TOKEN = 'grafana-route-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'plumb-kill-switch-'));
let cluster: KubeCluster;
let core: CoreV1Api;
let am: RunningAlertmanager;
let handler: RunningHandler;
let port: number;

const handlerConfig = (over: Record<string, unknown> = {}) =>
  config({
    listen: { host: '127.0.0.1', port },
    ledgerPath: join(dir, 'ledger.db'),
    auditPath: join(dir, 'audit.jsonl'),
    leaderElection: { enabled: true, namespace: 'plumb', leaseDuration: '3s', renewDeadline: '2s', renewEvery: '300ms' },
    auth: {
      webhook: { bearer: { env: 'HOOKS_WEBHOOK_TOKEN' } },
      apiTokens: [
        { name: 'oscar.operator', role: 'operator', token: { env: 'HOOKS_OPERATOR_TOKEN' } },
        { name: 'anna.approver', role: 'approver', token: { env: 'HOOKS_APPROVER_TOKEN' } },
        { name: 'bert.approver', role: 'approver', token: { env: 'HOOKS_SELF_TOKEN' } },
      ],
      grafana: { token: { env: 'HOOKS_GRAFANA_TOKEN' }, approvers: ['grace'], operators: ['olga'] },
    },
    budget: { maxDisruptedShare: 1, window: '1h' },
    quarantineCap: 1,
    concurrencyPerRegion: 2,
    // Unverified restarts (no Prometheus here) must not trip the breaker: only the pause may stop the storm.
    breaker: { failureRate: 0.5, minActions: 1000, window: '15m' },
    processEvery: '200ms',
    recheckDeferredEvery: '200ms',
    ...over,
  });

async function start(over: Record<string, unknown> = {}): Promise<RunningHandler> {
  const started = await startHandler(handlerConfig(over), {
    kube: makeKubeClients(cluster.kubeConfig),
    env: { ...process.env, ...TOKEN_ENV, HOOKS_GRAFANA_TOKEN: GRAFANA_TOKEN },
  });
  if (!started.ok) throw new Error(started.errors.join('\n'));
  await until('the handler to lead', async () => (await fetch(`${started.handler.url}/readyz`)).status === 200 || undefined, 30_000);
  return started.handler;
}

beforeAll(async () => {
  cluster = await startKubeCluster({ auditLog: true });
  core = cluster.kubeConfig.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'plumb' } } });
  await seedCluster(cluster.kubeConfig, { nodes: [...STORM, 'ks-q', 'ks-g'], podsPerNode: 1 });
  port = await freePort();
  handler = await start({ modes: { default: 'enforce' } });
  am = await startAlertmanager({
    webhookUrl: `http://127.0.0.1:${port}/hooks/alertmanager`,
    bearerToken: TOKENS.webhook,
    groupBy: ['node'],
    groupWait: '1s',
    groupInterval: '1s',
    repeatInterval: '1h',
  });
}, 180_000);

afterAll(async () => {
  await am?.stop();
  await handler?.stop();
  await cluster?.stop();
});

async function call(method: string, path: string, o: { token: string; user?: string; body?: unknown }) {
  const headers: Record<string, string> = { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' };
  if (o.user !== undefined) headers['x-grafana-user'] = o.user;
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}) });
  return { status: res.status, body: (await res.json()) as any };
}
const actionOn = (node: string) => handler.engine.ledger.listActions({ node })[0];
/** Evictions and node writes the kube-apiserver completed at or after `sinceMs`. */
const writesSince = (sinceMs: number) =>
  readApiAudit(cluster.auditLogPath!).filter(
    (e) =>
      e.atMs >= sinceMs &&
      ((e.resource === 'pods' && e.subresource === 'eviction' && e.verb === 'create') || (e.resource === 'nodes' && ['patch', 'update'].includes(e.verb))),
  );

describe('rollback of an approved action', () => {
  it('waits for the approval of a person other than the one who asked for it', async () => {
    await am.push([{ labels: driftLabels({ node: 'ks-q', playbook: 'quarantine', approval: 'required' }) }]);
    const q = await until('the quarantine to await approval', () => (actionOn('ks-q')?.state === 'awaiting-approval' ? actionOn('ks-q') : undefined));
    expect((await call('POST', `/api/v1/actions/${q.id}/approve`, { token: TOKENS.approver })).status).toBe(200);
    await until('ks-q quarantined', async () => plumbTaints(await core.readNode({ name: 'ks-q' })).length === 1 || undefined);
    await until('the quarantine to be applied', () => (actionOn('ks-q')?.state === 'succeeded' ? true : undefined));

    const asked = await call('POST', `/api/v1/actions/${q.id}/rollback`, { token: TOKENS.approver, body: { comment: 'wrong node' } });
    expect(asked.status).toBe(200);
    expect(asked.body.action).toMatchObject({ state: 'awaiting-approval', approvalRequired: true, requestedBy: 'anna.approver' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(plumbTaints(await core.readNode({ name: 'ks-q' }))).toHaveLength(1);

    const self = await call('POST', `/api/v1/actions/${asked.body.action.id}/approve`, { token: TOKENS.approver });
    expect(self.status).toBe(403);
    expect(self.body.error).toContain('cannot approve it');
    expect((await call('POST', `/api/v1/actions/${asked.body.action.id}/approve`, { token: TOKENS.selfApprover })).status).toBe(200);
    await until('ks-q released', async () => plumbTaints(await core.readNode({ name: 'ks-q' })).length === 0 || undefined);
  });
});

describe('a person behind every approval, through the Grafana plugin route', () => {
  it('records the forwarded Grafana user, refuses approver = requester, and gives an admin no approval by default', async () => {
    await am.push([{ labels: driftLabels({ node: 'ks-g', playbook: 'quarantine', approval: 'required' }) }]);
    const g = await until('the quarantine to await approval', () => (actionOn('ks-g')?.state === 'awaiting-approval' ? actionOn('ks-g') : undefined));
    const asAdmin = await call('POST', `/api/v1/actions/${g.id}/approve`, { token: GRAFANA_TOKEN, user: 'admin' });
    expect(asAdmin.status).toBe(403);
    expect(asAdmin.body.error).toContain('admin has role viewer');
    const noUser = await call('POST', `/api/v1/actions/${g.id}/approve`, { token: GRAFANA_TOKEN });
    expect(noUser.status).toBe(401);
    expect((await call('GET', '/api/v1/whoami', { token: GRAFANA_TOKEN, user: 'grace' })).body).toEqual({ name: 'grace', role: 'approver', via: 'grafana' });

    expect((await call('POST', `/api/v1/actions/${g.id}/approve`, { token: GRAFANA_TOKEN, user: 'grace', body: { comment: 'checked' } })).status).toBe(200);
    const approval = readAudit(join(dir, 'audit.jsonl')).find((r) => r.kind === 'approval' && r.data.actionId === g.id && r.data.result === 'approved');
    expect(approval).toMatchObject({ actor: 'grace', data: { comment: 'checked' } });
    await until('the quarantine to be applied', () => (actionOn('ks-g')?.state === 'succeeded' ? true : undefined));
    expect(actionOn('ks-g')?.approvedBy).toBe('grace');

    // grace asks for the rollback through Grafana, so grace cannot approve it; the header on a direct token changes nothing.
    const asked = await call('POST', `/api/v1/actions/${g.id}/rollback`, { token: GRAFANA_TOKEN, user: 'grace' });
    expect(asked.body.action).toMatchObject({ requestedBy: 'grace', state: 'awaiting-approval' });
    expect((await call('POST', `/api/v1/actions/${asked.body.action.id}/approve`, { token: GRAFANA_TOKEN, user: 'grace' })).status).toBe(403);
    const spoofed = await call('POST', `/api/v1/actions/${asked.body.action.id}/approve`, { token: TOKENS.approver, user: 'grace' });
    expect(spoofed.status).toBe(200);
    expect(spoofed.body.action.approvedBy).toBe('anna.approver');
  });
});

describe('pause during a storm', () => {
  it('stops every eviction and node write after the pause round, keeps the actions deferred, audits and exports the pause', async () => {
    await am.push(STORM.map((node) => ({ labels: driftLabels({ node, playbook: 'restart' }) })));
    await until('the storm to start evicting', () => (writesSince(0).filter((e) => e.subresource === 'eviction').length >= 3 ? true : undefined), 60_000, 50);

    const paused = await call('POST', '/api/v1/pause', {
      token: GRAFANA_TOKEN,
      user: 'grace',
      body: { scope: 'global', reason: 'incident 4711: evictions look wrong', expiresInMinutes: 60 },
    });
    expect(paused.status).toBe(200);
    expect(paused.body.pause).toMatchObject({ scope: 'global', by: 'grace', active: true });
    // The round that sees the pause, and every action already in flight, finish; from then on nothing may be written.
    await handler.worker.round();
    await handler.worker.idle();
    const pauseRound = Date.now();
    await new Promise((r) => setTimeout(r, 3000));
    expect(writesSince(pauseRound)).toEqual([]);

    const waiting = STORM.map(actionOn).filter((a): a is NonNullable<typeof a> => a !== undefined && ['pending', 'deferred'].includes(a.state));
    expect(waiting.length).toBeGreaterThan(0);
    for (const a of waiting) if (a.state === 'deferred') expect(a.lastRefusal).toMatch(/^paused: global pause by grace/);
    expect(waiting.some((a) => a.state === 'deferred')).toBe(true);

    const record = readAudit(join(dir, 'audit.jsonl')).find((r) => r.kind === 'pause' && r.data.result === 'paused');
    expect(record).toMatchObject({ actor: 'grace', data: { scope: 'global', reason: 'incident 4711: evictions look wrong', by: 'grace' } });
    expect(record?.data.expiresAtMs).toBe(paused.body.pause.expiresAtMs);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/plumb_hooks_pause_active\{scope="global",region="",workload="",by="grace"\} 1/);
    expect(metrics).toMatch(/plumb_hooks_pause_started_timestamp_seconds\{scope="global",[^}]*\} \d+/);
    const stored = await core.listNamespacedConfigMap({ namespace: 'plumb', labelSelector: 'plumb.dev/state-kind=pause' });
    expect(stored.items.map((c) => JSON.parse(c.data!.record!).id)).toEqual([paused.body.pause.id]);

    const listed = await call('GET', '/api/v1/pause', { token: TOKENS.operator });
    expect(listed.body.pauses).toEqual([expect.objectContaining({ id: paused.body.pause.id, active: true })]);
    expect(
      (await call('POST', '/api/v1/pause', { token: TOKENS.operator, body: { scope: 'global', reason: 'x'.repeat(5), expiresInMinutes: 5 } })).status,
    ).toBe(403);
    const bad = await call('POST', '/api/v1/pause', { token: TOKENS.approver, body: { scope: 'region', reason: 'maintenance', expiresInMinutes: 5 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('region: scope region needs region');
  });

  it('keeps the queued enforce actions from acting when the handler restarts with the config switched to observe', async () => {
    await handler.stop();
    // A fresh local ledger: the pause and the queued actions come back from the shared state (ConfigMaps) alone.
    handler = await start({ modes: { default: 'observe' }, ledgerPath: join(mkdtempSync(join(tmpdir(), 'plumb-kill-switch-')), 'ledger.db') });
    const [pause] = (await call('GET', '/api/v1/pause', { token: TOKENS.operator })).body.pauses;
    expect(pause).toMatchObject({ active: true, by: 'grace' });
    const resumed = await call('DELETE', `/api/v1/pause/${pause.id}`, { token: TOKENS.approver, body: { comment: 'all clear' } });
    expect(resumed.body.pause).toMatchObject({ active: false, endedBy: 'anna.approver' });
    const since = Date.now();
    // Three rounds decide every queued action again with the mode configured now.
    for (let i = 0; i < 3; i++) {
      await handler.worker.round();
      await handler.worker.idle();
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect(writesSince(since)).toEqual([]);
    expect(STORM.map(actionOn).filter((a) => a !== undefined && ['pending', 'deferred', 'approved', 'running'].includes(a.state))).toEqual([]);
    expect(STORM.map(actionOn).filter((a) => a?.state === 'observed').length).toBeGreaterThan(0);
    const resumedRecord = readAudit(join(dir, 'audit.jsonl')).find((r) => r.kind === 'pause' && r.data.result === 'resumed');
    expect(resumedRecord).toMatchObject({ actor: 'anna.approver', data: { pauseId: pause.id, comment: 'all clear' } });
  });
});
