/**
 * Verification through a real Prometheus: an action whose drift series
 * disappears succeeds; one whose drift stays is escalated once, never retried.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { useHandler } from '../support/handler';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';
import { startPrometheus, type RunningPrometheus } from './prometheus';
import { TOKEN_ENV, config, driftLabels, post, readAudit, seedCluster, webhookBody } from './fixtures';

let cluster: KubeCluster;
let prom: RunningPrometheus;
let auditPath: string;

afterAll(async () => {
  await Promise.all([prom?.stop(), cluster?.stop()]);
});
const h = useHandler(async () => {
  [cluster, prom] = await Promise.all([startKubeCluster(), startPrometheus()]);
  await seedCluster(cluster.kubeConfig, { nodes: ['v-node-1', 'v-node-2', ...Array.from({ length: 8 }, (_, i) => `v-pad-${i}`)], podsPerNode: 1 });
  const cfg = config({ prometheus: { regions: { 'eu-west-1': prom.url } }, budget: { maxDisruptedShare: 0.5 } });
  auditPath = cfg.auditPath;
  return { config: cfg, kubeConfig: cluster.kubeConfig, env: TOKEN_ENV };
});

const rounds = (n: number) => h.rounds(n);

describe('verification after an action', () => {
  it('marks a restart succeeded when the drift series is gone and escalates when it stays', async () => {
    const dimension = 'spark.sql.session.timeZone';
    prom.setDrift([{ node: 'v-node-1', workload: 'spark-streaming', dimension }, { node: 'v-node-2', workload: 'spark-streaming', dimension }]);
    await prom.settle();
    await post(h.hookUrl, webhookBody([{ labels: driftLabels({ node: 'v-node-1' }) }, { labels: driftLabels({ node: 'v-node-2' }) }]));
    await rounds(1); // decide and run: both restarts applied, now verifying
    const ids = ['v-node-1', 'v-node-2'].map((n) => h.actionFor(n));
    expect(ids.map((a) => a.state)).toEqual(['verifying', 'verifying']);

    // The restart fixed v-node-1 only.
    prom.setDrift([{ node: 'v-node-2', workload: 'spark-streaming', dimension }]);
    await prom.settle();
    await rounds(3);
    expect(h.handler.engine.ledger.getAction(ids[0]!.id)?.state).toBe('succeeded');
    expect(h.handler.engine.ledger.getAction(ids[1]!.id)?.state).toBe('escalated');
    const audit = readAudit(auditPath);
    expect(audit.filter((r) => r.kind === 'escalation' && r.data.actionId === ids[1]!.id).map((r) => r.data.reason)).toEqual(['drift-persists']);
    // Never loops: later rounds start nothing new on the node.
    expect(audit.filter((r) => r.kind === 'action.started' && r.data.node === 'v-node-2')).toHaveLength(1);
  });
});
