/**
 * Playbooks and approvals against a real kube-apiserver: every taint, label,
 * cordon and eviction is read back from the API.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CoreV1Api, PolicyV1Api } from '@kubernetes/client-node';
import { verifyChain } from '@plumb/alertmanager-hooks/audit/chain';
import { useHandler } from '../support/handler';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';
import { TOKEN_ENV, TOKENS, apiGet, config, driftLabels, plumbTaints, post, readAudit, seedCluster, webhookBody } from './fixtures';
import { readFileSync } from 'node:fs';

let cluster: KubeCluster;
let core: CoreV1Api;
let policy: PolicyV1Api;
let auditPath: string;

afterAll(async () => {
  await cluster?.stop();
});
const h = useHandler(async () => {
  cluster = await startKubeCluster();
  ({ core, policy } = await seedCluster(cluster.kubeConfig, { nodes: Array.from({ length: 10 }, (_, i) => `pb-node-${i}`), podsPerNode: 3 }));
  const cfg = config({ quarantineCap: 0.5, budget: { maxDisruptedShare: 0.5 } });
  auditPath = cfg.auditPath;
  return { config: cfg, kubeConfig: cluster.kubeConfig, env: TOKEN_ENV };
});

const hook = () => h.hookUrl;
const rounds = (n = 3) => h.rounds(n);
const actionFor = h.actionFor;

describe('quarantine with approval', () => {
  it('waits for a person, refuses the requester as approver, then taints and labels the node', async () => {
    const res = await post(
      hook(),
      webhookBody([{ labels: driftLabels({ node: 'pb-node-1', severity: 'correctness-risk', playbook: 'quarantine', approval: 'required' }) }]),
    );
    expect(res.status).toBe(200);
    await rounds();
    const action = actionFor('pb-node-1');
    expect(action.state).toBe('awaiting-approval');
    const pending = await apiGet(`${h.handler.url}/api/v1/approvals`, TOKENS.viewer);
    expect(pending.body.approvals.map((a: { id: string }) => a.id)).toContain(action.id);

    // A viewer may not approve; an operator may not either.
    const byViewer = await post(`${h.handler.url}/api/v1/actions/${action.id}/approve`, {}, TOKENS.viewer);
    expect(byViewer.status).toBe(403);
    const bySelf = await post(`${h.handler.url}/api/v1/actions/${action.id}/approve`, {}, TOKENS.selfApprover);
    expect(bySelf.status).toBe(403);
    expect(bySelf.body.error).toContain('cannot approve');
    expect(plumbTaints(await core.readNode({ name: 'pb-node-1' }))).toEqual([]);

    const ok = await post(`${h.handler.url}/api/v1/actions/${action.id}/approve`, { comment: 'CHG-1' }, TOKENS.approver);
    expect(ok.status).toBe(200);
    await rounds();
    const node = await core.readNode({ name: 'pb-node-1' });
    expect(plumbTaints(node)).toEqual([{ key: 'plumb.dev/quarantine', value: 'correctness-risk', effect: 'NoSchedule' }]);
    expect(node.metadata?.labels?.['plumb.dev/quarantined']).toBe('true');
    expect(node.metadata?.annotations?.['plumb.dev/last-action']).toBe(action.id);
    expect(node.metadata?.annotations?.['plumb.dev/quarantine-action']).toBe(action.id);
    expect(actionFor('pb-node-1').state).toBe('succeeded');
  });

  it('keeps taints set by others when it quarantines (read-modify-write)', async () => {
    await core.patchNode(
      { name: 'pb-node-2', body: { spec: { taints: [{ key: 'team', value: 'data', effect: 'NoExecute' }] } } },
      (await import('@plumb/alertmanager-hooks/kube/clients')).mergePatch(),
    );
    await post(hook(), webhookBody([{ labels: driftLabels({ node: 'pb-node-2', playbook: 'quarantine', approval: 'none' }) }]));
    await rounds();
    const node = await core.readNode({ name: 'pb-node-2' });
    expect(node.spec?.taints?.map((t) => t.key).sort()).toEqual(['plumb.dev/quarantine', 'team']);
  });

  it('rolls back a quarantine through its recorded inverse and reads the release back', async () => {
    const action = actionFor('pb-node-2');
    expect((await apiGet(`${h.handler.url}/api/v1/actions/${action.id}`, TOKENS.viewer)).body.action.canRollback).toBe(true);
    const res = await post(`${h.handler.url}/api/v1/actions/${action.id}/rollback`, {}, TOKENS.operator);
    expect(res.status).toBe(200);
    await rounds();
    const node = await core.readNode({ name: 'pb-node-2' });
    expect(node.spec?.taints?.map((t) => t.key)).toEqual(['team']);
    expect(node.metadata?.labels?.['plumb.dev/quarantined']).toBeUndefined();
    expect(h.handler.engine.ledger.getAction(action.id)?.state).toBe('rolled-back');
  });

  // The release with evidence is in verify.test.ts, which has a Prometheus.
  it('keeps the quarantine when the drift alert resolves but no Prometheus can show the node clean', async () => {
    const labels = driftLabels({ node: 'pb-node-3', playbook: 'quarantine', approval: 'none' });
    await post(hook(), webhookBody([{ labels, fingerprint: 'fp-resolve-3' }]));
    await rounds();
    expect((await core.readNode({ name: 'pb-node-3' })).metadata?.labels?.['plumb.dev/quarantined']).toBe('true');
    await post(hook(), webhookBody([{ labels, fingerprint: 'fp-resolve-3', status: 'resolved' }]));
    await rounds();
    const node = await core.readNode({ name: 'pb-node-3' });
    expect(plumbTaints(node)).toHaveLength(1);
    expect(node.metadata?.labels?.['plumb.dev/quarantined']).toBe('true');
    expect(readAudit(auditPath).find((r) => r.data.result === 'release-withheld' && r.data.node === 'pb-node-3')?.data.detail).toMatch(
      /^quarantine kept: could not verify: no Prometheus configured/,
    );
  });
});

describe('restart through the Eviction API', () => {
  it('waits on a PodDisruptionBudget 429 and never forces, then evicts once the budget allows', async () => {
    await policy.createNamespacedPodDisruptionBudget({
      namespace: 'data',
      body: { metadata: { name: 'pb-node-4-pdb' }, spec: { maxUnavailable: 0, selector: { matchLabels: { idx: '1', node: 'pb-node-4' } } } },
    });
    // No controller-manager: the status the eviction checks is set through the status subresource.
    const pdb = await policy.readNamespacedPodDisruptionBudget({ name: 'pb-node-4-pdb', namespace: 'data' });
    await policy.replaceNamespacedPodDisruptionBudgetStatus({
      name: 'pb-node-4-pdb',
      namespace: 'data',
      body: {
        ...pdb,
        status: { currentHealthy: 10, desiredHealthy: 10, disruptionsAllowed: 0, expectedPods: 10, observedGeneration: pdb.metadata?.generation },
      },
    });

    await post(hook(), webhookBody([{ labels: driftLabels({ node: 'pb-node-4' }) }]));
    const run = rounds(1);
    // The pod without a PDB goes; the protected one stays while the action waits.
    await new Promise((r) => setTimeout(r, 1500));
    const during = await core.listNamespacedPod({ namespace: 'data', fieldSelector: 'spec.nodeName=pb-node-4' });
    expect(during.items.map((p) => p.metadata?.name).sort()).toEqual(['spark-streaming-pb-node-4-1', 'spark-streaming-pb-node-4-2']);
    expect(readAudit(auditPath).some((r) => r.kind === 'action.waiting' && String(r.data.pod).includes('pb-node-4-1'))).toBe(true);

    const now = await policy.readNamespacedPodDisruptionBudget({ name: 'pb-node-4-pdb', namespace: 'data' });
    await policy.replaceNamespacedPodDisruptionBudgetStatus({
      name: 'pb-node-4-pdb',
      namespace: 'data',
      body: { ...now, status: { ...now.status!, disruptionsAllowed: 1 } },
    });
    await run;
    await rounds(1);
    const after = await core.listNamespacedPod({ namespace: 'data', fieldSelector: 'spec.nodeName=pb-node-4' });
    expect(after.items).toEqual([]);
    const steps = readAudit(auditPath).filter((r) => r.kind === 'action.step' && r.data.node === 'pb-node-4');
    expect(steps.map((s) => s.data.evicted)).toEqual([
      'data/spark-streaming-pb-node-4-0',
      'data/spark-streaming-pb-node-4-1',
      'data/spark-streaming-pb-node-4-2',
    ]);
  });
});

describe('cordon and drain', () => {
  it('cordons the node and evicts every data pod, and uncordons on rollback', async () => {
    await post(hook(), webhookBody([{ labels: driftLabels({ node: 'pb-node-5', playbook: 'drain' }) }]));
    await rounds();
    const node = await core.readNode({ name: 'pb-node-5' });
    expect(node.spec?.unschedulable).toBe(true);
    expect((await core.listNamespacedPod({ namespace: 'data', fieldSelector: 'spec.nodeName=pb-node-5' })).items).toEqual([]);
    const action = actionFor('pb-node-5');
    expect(node.metadata?.annotations?.['plumb.dev/last-action']).toBe(action.id);
    expect((await post(`${h.handler.url}/api/v1/actions/${action.id}/rollback`, {}, TOKENS.operator)).status).toBe(200);
    await rounds();
    expect((await core.readNode({ name: 'pb-node-5' })).spec?.unschedulable).toBeFalsy();
  });
});

describe('modes', () => {
  it('records "would have done" in dry-run and changes nothing', async () => {
    h.handler.engine.config.modes.rules = [{ region: 'eu-west-1', workload: 'dbt-runner', mode: 'dry-run' }];
    await post(hook(), webhookBody([{ labels: driftLabels({ node: 'pb-node-6', workload: 'dbt-runner', playbook: 'drain' }) }]));
    await rounds();
    expect(actionFor('pb-node-6').state).toBe('dry-run');
    expect((await core.readNode({ name: 'pb-node-6' })).spec?.unschedulable).toBeFalsy();
    expect((await core.listNamespacedPod({ namespace: 'data', fieldSelector: 'spec.nodeName=pb-node-6' })).items).toHaveLength(3);
    const rec = readAudit(auditPath).find((r) => r.data.actionId === actionFor('pb-node-6').id && r.data.result === 'would-have-done');
    expect(rec?.data.checks).toBeInstanceOf(Array);
    h.handler.engine.config.modes.rules = [];
  });

  it('only records in observe mode', async () => {
    h.handler.engine.config.modes.rules = [{ region: '*', workload: 'kafka-consumer', mode: 'observe' }];
    await post(hook(), webhookBody([{ labels: driftLabels({ node: 'pb-node-7', workload: 'kafka-consumer', playbook: 'drain' }) }]));
    await rounds();
    expect(actionFor('pb-node-7').state).toBe('observed');
    expect((await core.readNode({ name: 'pb-node-7' })).spec?.unschedulable).toBeFalsy();
    h.handler.engine.config.modes.rules = [];
  });
});

describe('HTTP API for the Grafana plugin', () => {
  it('reports the budget per region, the audit trail of an action and the handler metrics', async () => {
    const budget = await apiGet(`${h.handler.url}/api/v1/budget`, TOKENS.viewer);
    expect(budget.status).toBe(200);
    const eu = budget.body.budget.find((b: { region: string }) => b.region === 'eu-west-1');
    expect(eu.runningTasks).toBeGreaterThan(0);
    expect(eu.usedTasks).toBeGreaterThan(0);
    expect(eu.limitTasks).toBe(Math.floor(eu.runningTasks * 0.5 * 1000) / 1000);

    const action = actionFor('pb-node-4');
    const trail = await apiGet(`${h.handler.url}/api/v1/audit?actionId=${action.id}`, TOKENS.viewer);
    expect(trail.body.records.map((r: { kind: string }) => r.kind)).toEqual(
      expect.arrayContaining(['decision', 'action.started', 'action.step', 'action.applied']),
    );
    const started = trail.body.records.find((r: { kind: string }) => r.kind === 'action.started');
    expect(started.data).toMatchObject({ node: 'pb-node-4', rule: 'spark-streaming/spark.sql.session.timeZone', alert: { fingerprint: expect.any(String) } });
    expect(started.data.checks).toHaveLength(12);

    // Pages of two, followed by their cursor, list every action once, newest first.
    const all = (await apiGet(`${h.handler.url}/api/v1/actions?limit=1000`, TOKENS.viewer)).body.actions.map((a: { id: string }) => a.id);
    expect(all.length).toBeGreaterThan(3);
    const paged: string[] = [];
    let next: string | undefined;
    do {
      const page = await apiGet(`${h.handler.url}/api/v1/actions?limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`, TOKENS.viewer);
      paged.push(...page.body.actions.map((a: { id: string }) => a.id));
      next = page.body.next;
    } while (next !== undefined);
    expect(paged).toEqual(all);
    expect((await apiGet(`${h.handler.url}/api/v1/actions?after=yesterday`, TOKENS.viewer)).status).toBe(400);
    expect((await apiGet(`${h.handler.url}/api/v1/actions?state=bogus`, TOKENS.viewer)).status).toBe(400);
    expect((await apiGet(`${h.handler.url}/api/v1/actions`, 'not-a-token')).status).toBe(401);
    expect((await post(`${h.handler.url}/api/v1/actions/${action.id}/rollback`, {}, TOKENS.viewer)).status).toBe(403);
    expect((await apiGet(`${h.handler.url}/api/v1/actions/${action.id}`, TOKENS.viewer)).body.action.canRollback).toBe(false);
    expect((await post(`${h.handler.url}/api/v1/actions/${action.id}/rollback`, {}, TOKENS.operator)).body.error).toContain('has no inverse');

    const metrics = await (await fetch(`${h.handler.url}/metrics`)).text();
    expect(metrics).toMatch(/plumb_hooks_actions_total\{playbook="quarantine",result="succeeded"\} [1-9]/);
    expect(metrics).toMatch(/plumb_hooks_budget_used_tasks\{region="eu-west-1",class="enforce"\} [1-9]/);
    expect(metrics).toMatch(/plumb_hooks_decisions_total\{result="observed",mode="observe"\} [1-9]/);
  });
});

describe('audit', () => {
  it('keeps an intact hash chain over everything above', () => {
    const verdict = verifyChain(readFileSync(auditPath, 'utf8').split('\n'));
    expect(verdict.ok).toBe(true);
  });
});
