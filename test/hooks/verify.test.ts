/**
 * Verification through a real Prometheus: an action whose drift series disappears
 * while the node keeps reporting succeeds; one whose drift stays is escalated once,
 * never retried. Silence is not success: a node that stops reporting, or has not
 * collected since the action, is not verified, and a quarantine whose alert resolved
 * because its node went silent is not released.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { PrometheusVerifier } from '@plumb/alertmanager-hooks/verify/prometheus';
import { freePort } from '@plumb/io';
import { useHandler } from '../support/handler';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';
import { useDriftPrometheus } from '../support/drift-prometheus';
import { TOKEN_ENV, config, driftLabels, post, readAudit, seedCluster, webhookBody } from './fixtures';

let cluster: KubeCluster;
let auditPath: string;

const prom = useDriftPrometheus();
afterAll(async () => {
  await cluster?.stop();
});
const h = useHandler(async () => {
  cluster = await startKubeCluster();
  await seedCluster(cluster.kubeConfig, {
    nodes: ['v-node-1', 'v-node-2', 'v-node-3', 'v-node-4', 'v-node-5', 'v-node-6', ...Array.from({ length: 8 }, (_, i) => `v-pad-${i}`)],
    podsPerNode: 1,
  });
  const cfg = config({ prometheus: { regions: { 'eu-west-1': prom.url } }, budget: { maxDisruptedShare: 0.5 }, quarantineCap: 0.5 });
  auditPath = cfg.auditPath;
  return { config: cfg, kubeConfig: cluster.kubeConfig, env: TOKEN_ENV };
});

const rounds = (n: number) => h.rounds(n);

describe('verification after an action', () => {
  it('marks a restart succeeded when the drift series is gone and escalates when it stays', async () => {
    const dimension = 'spark.sql.session.timeZone';
    prom.setDrift([
      { node: 'v-node-1', workload: 'spark-streaming', dimension },
      { node: 'v-node-2', workload: 'spark-streaming', dimension },
    ]);
    await prom.settle();
    await post(h.hookUrl, webhookBody([{ labels: driftLabels({ node: 'v-node-1' }) }, { labels: driftLabels({ node: 'v-node-2' }) }]));
    await rounds(1); // decide and run: both restarts applied, now verifying
    const ids = ['v-node-1', 'v-node-2'].map((n) => h.actionFor(n));
    expect(ids.map((a) => a.state)).toEqual(['verifying', 'verifying']);

    // The restart fixed v-node-1 only; both keep reporting.
    prom.setDrift([{ node: 'v-node-2', workload: 'spark-streaming', dimension }]);
    prom.setReporting(['v-node-1', 'v-node-2'].map((node) => ({ node, workload: 'spark-streaming', dimension })));
    await prom.settle();
    await rounds(3);
    expect(h.handler.engine.ledger.getAction(ids[0]!.id)?.state).toBe('succeeded');
    expect(h.handler.engine.ledger.getAction(ids[1]!.id)?.state).toBe('escalated');
    const audit = readAudit(auditPath);
    expect(audit.filter((r) => r.kind === 'escalation' && r.data.actionId === ids[1]!.id).map((r) => r.data.reason)).toEqual(['drift-persists']);
    // Never loops: later rounds start nothing new on the node.
    expect(audit.filter((r) => r.kind === 'action.started' && r.data.node === 'v-node-2')).toHaveLength(1);
  });

  const TZ = 'spark.sql.session.timeZone';
  const escalationReasons = (actionId: string) =>
    readAudit(auditPath)
      .filter((r) => r.kind === 'escalation' && r.data.actionId === actionId)
      .map((r) => r.data.reason);

  const quarantined = async (node: string) =>
    ((await cluster.kubeConfig.makeApiClient(CoreV1Api).readNode({ name: node })).spec?.taints ?? []).some((t) => t.key === 'plumb.dev/quarantine');

  it('keeps a quarantine whose alert resolved because the node went silent, and releases one whose node reports clean', async () => {
    const nodes = ['v-node-5', 'v-node-6'];
    prom.setDrift(nodes.map((node) => ({ node, workload: 'spark-streaming', dimension: TZ })));
    prom.setReporting(nodes.map((node) => ({ node, workload: 'spark-streaming', dimension: TZ })));
    await prom.settle();
    const alerts = nodes.map((node) => ({
      labels: driftLabels({ node, playbook: 'quarantine' }),
      fingerprint: `fp-${node}`,
      startsAt: '2026-03-02T10:00:00Z',
    }));
    await post(`${h.handler.url}/hooks/alertmanager`, webhookBody(alerts));
    await rounds(1);
    // Quarantined; the drift stays while quarantined, so verification needs the drift gone: it is, with evidence.
    prom.setDrift([]);
    await prom.settle();
    await rounds(2);
    for (const node of nodes) expect(h.handler.engine.ledger.listActions({ node })[0]?.state, node).toBe('succeeded');
    expect(await quarantined('v-node-5')).toBe(true);

    // v-node-5's exporter goes silent; v-node-6 keeps reporting clean. Both alerts resolve.
    prom.setReporting([{ node: 'v-node-6', workload: 'spark-streaming', dimension: TZ }]);
    await prom.settle();
    await post(`${h.handler.url}/hooks/alertmanager`, webhookBody(alerts.map((a) => ({ ...a, status: 'resolved' as const }))));
    await rounds(3);
    expect(await quarantined('v-node-5')).toBe(true);
    expect(await quarantined('v-node-6')).toBe(false);
    const withheld = readAudit(auditPath).filter((r) => r.data.result === 'release-withheld');
    expect(withheld.map((r) => r.data.node)).toEqual(['v-node-5']);
    expect(String(withheld[0]?.data.detail)).toContain('not reported by v-node-5');
  });
  it('does not count an exporter that went down after the action as success', async () => {
    prom.setDrift([{ node: 'v-node-3', workload: 'spark-streaming', dimension: TZ }]);
    await prom.settle();
    await post(`${h.handler.url}/hooks/alertmanager`, webhookBody([{ labels: driftLabels({ node: 'v-node-3' }) }]));
    await rounds(1);
    const action = h.handler.engine.ledger.listActions({ node: 'v-node-3' })[0]!;
    expect(action.state).toBe('verifying');
    // Its drift series vanished because the node stopped reporting altogether.
    prom.setDrift([]);
    prom.setReporting([]);
    await prom.settle();
    await rounds(3);
    expect(h.handler.engine.ledger.getAction(action.id)?.state).toBe('escalated');
    expect(escalationReasons(action.id)).toEqual(['no-evidence']);
  });

  it('does not count a node that has not collected since the action as success', async () => {
    prom.setDrift([{ node: 'v-node-4', workload: 'spark-streaming', dimension: TZ }]);
    await prom.settle();
    await post(`${h.handler.url}/hooks/alertmanager`, webhookBody([{ labels: driftLabels({ node: 'v-node-4' }) }]));
    await rounds(1);
    const action = h.handler.engine.ledger.listActions({ node: 'v-node-4' })[0]!;
    prom.setDrift([]);
    prom.setReporting([
      { node: 'v-node-4', workload: 'spark-streaming', dimension: TZ, collectedAtSeconds: Math.floor((action.startedMs ?? Date.now()) / 1000) - 60 },
    ]);
    await prom.settle();
    await rounds(3);
    expect(h.handler.engine.ledger.getAction(action.id)?.state).toBe('escalated');
    expect(escalationReasons(action.id)).toEqual(['no-evidence']);
  });
});

describe('a Prometheus URL with credentials', () => {
  const SECRET = 'pl4nted-s3cret';
  it('sends them as Basic auth, since fetch refuses URLs that carry them', async () => {
    const url = prom.url.replace('http://', `http://plumb:${SECRET}@`);
    const check = await new PrometheusVerifier({ regions: { 'eu-west-1': url } }, 5000).driftCleared(
      'eu-west-1',
      'nobody',
      'spark-streaming',
      'spark.sql.session.timeZone',
    );
    expect(check).toMatchObject({ ok: true, cleared: false });
  });

  it('never repeats them in what verification reports', async () => {
    const closed = `http://plumb:${SECRET}@127.0.0.1:${await freePort()}`;
    const check = await new PrometheusVerifier({ regions: { 'eu-west-1': closed } }, 2000).driftCleared('eu-west-1', 'n', 'w', 'd');
    expect(check.ok).toBe(false);
    expect(JSON.stringify(check)).not.toContain(SECRET);
    expect(JSON.stringify(check)).toContain('http://***@127.0.0.1');
  });
});
