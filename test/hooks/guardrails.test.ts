/**
 * Guardrails driven by real alerts and a real kube-apiserver: symptom SLO
 * alerts block disruptive work, widespread drift trips the breaker, windows
 * hold work back; the spec fills in playbooks and task weights.
 */
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppsV1Api, type CoreV1Api } from '@kubernetes/client-node';
import { useHandler } from '../support/handler';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';
import { TOKEN_ENV, TOKENS, apiGet, config, driftLabels, post, readAudit, seedCluster, webhookBody } from './fixtures';

let cluster: KubeCluster;
let core: CoreV1Api;
let auditPath: string;

afterAll(async () => {
  await cluster?.stop();
});
const h = useHandler(async () => {
  cluster = await startKubeCluster();
  ({ core } = await seedCluster(cluster.kubeConfig, { nodes: Array.from({ length: 10 }, (_, i) => `g-node-${i}`), podsPerNode: 2 }));
  const cfg = config({
    specPath: resolve(import.meta.dirname, 'testdata/guardrails-spec.yaml'),
    budget: { maxDisruptedShare: 0.5, weights: [{ podLabels: { app: 'airflow', component: 'worker' }, tasks: 16 }] },
    quarantineCap: 0.5,
    // No Prometheus here: keep actions in verification so unverifiable ones do not trip the breaker's failure rate.
    verify: { delay: '1h' },
  });
  auditPath = cfg.auditPath;
  return { config: cfg, kubeConfig: cluster.kubeConfig, env: TOKEN_ENV };
});

const hook = (body: unknown) => post(h.hookUrl, body);
const rounds = (n = 2) => h.rounds(n);
const actionOn = h.actionFor;
const pods = async (node: string) => (await core.listNamespacedPod({ namespace: 'data', fieldSelector: `spec.nodeName=${node}` })).items;

describe('blocking alerts', () => {
  const slo = { alertname: 'PlumbSymptomSLOBreach', region: 'eu-west-1', symptom: 'consumer_lag', plumb_class: 'symptom-slo' };
  it('holds a restart while a symptom SLO alert fires in the region, and runs it once the alert resolves', async () => {
    await hook(webhookBody([{ labels: slo, fingerprint: 'fp-slo', startsAt: '2026-03-01T09:00:00Z' }]));
    await hook(webhookBody([{ labels: driftLabels({ node: 'g-node-1', dimension: 'guard.restart' }) }]));
    await rounds();
    expect(actionOn('g-node-1')).toMatchObject({ state: 'deferred', lastRefusal: expect.stringMatching(/^blocking-alerts: firing in eu-west-1/) });
    expect(await pods('g-node-1')).toHaveLength(2);

    await hook(webhookBody([{ labels: slo, fingerprint: 'fp-slo', startsAt: '2026-03-01T09:00:00Z', status: 'resolved' }]));
    await rounds();
    expect(['verifying', 'escalated', 'succeeded']).toContain(actionOn('g-node-1').state);
    expect(await pods('g-node-1')).toHaveLength(0);
  });

  it('does not hold back a quarantine, which disrupts no running task', async () => {
    await hook(webhookBody([{ labels: slo, fingerprint: 'fp-slo-2', startsAt: '2026-03-01T09:30:00Z' }]));
    await hook(webhookBody([{ labels: driftLabels({ node: 'g-node-2', dimension: 'guard.quarantine', playbook: 'quarantine' }) }]));
    await rounds();
    expect(actionOn('g-node-2').state).toBe('succeeded');
    await hook(webhookBody([{ labels: slo, fingerprint: 'fp-slo-2', startsAt: '2026-03-01T09:30:00Z', status: 'resolved' }]));
    await rounds(1);
  });
});

describe('circuit breaker', () => {
  it('escalates instead of acting while widespread drift fires, and records why', async () => {
    const widespread = {
      alertname: 'PlumbWidespreadDrift',
      region: 'eu-west-1',
      pool: 'spark',
      workload: 'spark-streaming',
      dimension: 'guard.restart',
      severity: 'correctness-risk',
      plumb_class: 'circuit-breaker',
    };
    await hook(webhookBody([{ labels: widespread, fingerprint: 'fp-wide' }]));
    await hook(webhookBody([{ labels: driftLabels({ node: 'g-node-3', dimension: 'guard.restart' }) }]));
    await rounds();
    const action = actionOn('g-node-3');
    expect(action.state).toBe('escalated');
    expect(await pods('g-node-3')).toHaveLength(2);
    const escalation = readAudit(auditPath).find((r) => r.kind === 'escalation' && r.data.actionId === action.id);
    expect(escalation?.data).toMatchObject({ reason: 'circuit-breaker', detail: expect.stringContaining('widespread drift') });
    await hook(webhookBody([{ labels: widespread, fingerprint: 'fp-wide', status: 'resolved' }]));
    await rounds(1);
  });
});

describe('maintenance windows', () => {
  it('keeps disruptive work for the window and says which windows apply', async () => {
    h.handler.engine.config.windows = [{ cron: '0 3 29 2 *', durationMinutes: 60, tz: 'Europe/Dublin' }];
    await hook(webhookBody([{ labels: driftLabels({ node: 'g-node-4', dimension: 'guard.drain', playbook: 'drain' }) }]));
    await rounds();
    expect(actionOn('g-node-4').lastRefusal).toMatch(/^maintenance-window: outside every maintenance window of eu-west-1/);
    expect((await core.readNode({ name: 'g-node-4' })).spec?.unschedulable).toBeFalsy();
    h.handler.engine.config.windows = [];
    await rounds();
    expect((await core.readNode({ name: 'g-node-4' })).spec?.unschedulable).toBe(true);
  });
});

describe('the pool of a node', () => {
  const withoutPool = (node: string) => {
    const { pool: _p, ...labels } = driftLabels({ node, dimension: 'guard.quarantine', playbook: 'quarantine' });
    return labels;
  };
  it("is read from the node's plumb.dev/pool label when the alert carries none", async () => {
    await hook(webhookBody([{ labels: withoutPool('g-node-7') }]));
    await rounds();
    expect(actionOn('g-node-7').state).toBe('succeeded');
    const started = readAudit(auditPath).find((r) => r.kind === 'action.started' && r.data.node === 'g-node-7');
    expect((started?.data.checks as { guardrail: string; detail: string }[]).find((c) => c.guardrail === 'quarantine-cap')?.detail).toMatch(
      /of \d+ nodes of pool spark out of service/,
    );
  });

  it('escalates, saying why, a quarantine of a node without a pool instead of deferring it forever', async () => {
    await core.createNode({ body: { metadata: { name: 'g-nopool', labels: { 'topology.kubernetes.io/region': 'eu-west-1' } } } });
    await hook(webhookBody([{ labels: withoutPool('g-nopool') }]));
    await rounds();
    expect(actionOn('g-nopool')).toMatchObject({
      state: 'escalated',
      lastRefusal: expect.stringMatching(/^quarantine-cap: no pool: node g-nopool has no plumb.dev\/pool label/),
    });
    expect(((await core.readNode({ name: 'g-nopool' })).spec?.taints ?? []).filter((t) => t.key.startsWith('plumb.dev/'))).toEqual([]);
  });
});

describe('the spec', () => {
  it('supplies the playbook of an alert that carries none, and weights tasks by its pod selectors', async () => {
    await core.createNamespacedPod({
      namespace: 'data',
      body: {
        metadata: { name: 'airflow-worker-g5', labels: { app: 'airflow', component: 'worker' } },
        spec: { nodeName: 'g-node-5', containers: [{ name: 'w', image: 'x' }] },
      },
    });
    const { playbook: _p, approval: _a, ...labels } = driftLabels({ node: 'g-node-5', workload: 'airflow-worker', dimension: 'python.version' });
    await hook(webhookBody([{ labels }]));
    await rounds();
    const action = actionOn('g-node-5');
    expect(action.playbook).toBe('rebuild');
    const budget = await apiGet(`${h.handler.url}/api/v1/budget`, TOKENS.viewer);
    // 10 nodes × 2 pods (1 task each, minus the evicted ones) + one Airflow worker pod counted as 16 slots.
    expect(budget.body.budget[0].runningTasks).toBeGreaterThanOrEqual(16 + 10);
  });
});

describe('redeploy', () => {
  it("evicts only the workload's DaemonSet pod on the node", async () => {
    const apps = cluster.kubeConfig.makeApiClient(AppsV1Api);
    const ds = await apps.createNamespacedDaemonSet({
      namespace: 'data',
      body: {
        metadata: { name: 'tz-agent' },
        spec: {
          selector: { matchLabels: { app: 'tz-agent' } },
          template: { metadata: { labels: { app: 'tz-agent' } }, spec: { containers: [{ name: 'a', image: 'x' }] } },
        },
      },
    });
    await core.createNamespacedPod({
      namespace: 'data',
      body: {
        metadata: {
          name: 'tz-agent-g6',
          labels: { app: 'tz-agent', 'plumb.dev/workload': 'spark-streaming' },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'tz-agent', uid: ds.metadata!.uid!, controller: true }],
        },
        spec: { nodeName: 'g-node-6', terminationGracePeriodSeconds: 0, containers: [{ name: 'a', image: 'x' }] },
      },
    });
    await hook(webhookBody([{ labels: driftLabels({ node: 'g-node-6', dimension: 'guard.redeploy', playbook: 'redeploy' }) }]));
    await rounds();
    const left = (await pods('g-node-6')).map((p) => p.metadata?.name).sort();
    expect(left).toEqual(['spark-streaming-g-node-6-0', 'spark-streaming-g-node-6-1']);
  });
});
