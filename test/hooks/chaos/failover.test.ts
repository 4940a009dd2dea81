/**
 * The leader is SIGKILLed in the middle of a remediation window; the other
 * replica takes over. Judged by what the kube-apiserver saw (its audit log and
 * the node objects), not by either handler's records:
 * - the disruption budget holds across the failover: the new leader refuses what
 *   the old leader's spend forbids, and no pod is evicted twice;
 * - every alert the old leader acknowledged is handled by the new one;
 * - an approval given on the old leader still stands;
 * - a quarantine the old leader placed is released by the new one when its alert resolves;
 * - the action the old leader was in the middle of is resumed, not repeated, and the
 *   restarted node carries `plumb.dev/last-action`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, type PolicyV1Api } from '@kubernetes/client-node';
import { freePort } from '@plumb/io';
import { useKubeCluster } from '../../support/kube-apiserver';
import { useHandlerProcesses } from '../../support/handler';
import { writeConfig, type ChildHandler } from '../../support/handler-process';
import { TOKENS, TOKEN_ENV, apiGet, configDoc, driftLabels, plumbTaints, post, readAudit, seedCluster, until, webhookBody } from '../fixtures';
import { useDriftPrometheus } from '../../support/drift-prometheus';
import { grantedEvictions } from './apiserver-audit';

const NODES = Array.from({ length: 40 }, (_, i) => `fo-${String(i).padStart(2, '0')}`);
const PODS_PER_NODE = 3;
const SHARE = 0.1; // at most 12 of the 120 tasks per window; evicted pods are not replaced here, so fewer as tasks go
const LIMIT = Math.floor(NODES.length * PODS_PER_NODE * SHARE);

const cluster = useKubeCluster({ auditLog: true });
const prom = useDriftPrometheus();
let core: CoreV1Api;
let policy: PolicyV1Api;
const handlers = useHandlerProcesses(TOKEN_ENV);
const children = handlers.all;

async function setAllowed(n: number) {
  const pdb = await policy.readNamespacedPodDisruptionBudget({ name: 'fo-pdb', namespace: 'data' });
  await policy.replaceNamespacedPodDisruptionBudgetStatus({
    name: 'fo-pdb',
    namespace: 'data',
    body: { ...pdb, status: { currentHealthy: 1, desiredHealthy: 1, expectedPods: 1, disruptionsAllowed: n, observedGeneration: pdb.metadata?.generation } },
  });
}

beforeAll(async () => {
  core = cluster.kubeConfig.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'plumb' } } });
  ({ policy } = await seedCluster(cluster.kubeConfig, { nodes: NODES, podsPerNode: PODS_PER_NODE }));
  // fo-00's second pod is held by a PodDisruptionBudget: the old leader dies in the middle of that restart.
  await policy.createNamespacedPodDisruptionBudget({
    namespace: 'data',
    body: { metadata: { name: 'fo-pdb' }, spec: { maxUnavailable: 0, selector: { matchLabels: { node: 'fo-00', idx: '1' } } } },
  });
  await setAllowed(0);
  for (const replica of ['hooks-a', 'hooks-b']) {
    const dir = mkdtempSync(join(tmpdir(), `plumb-failover-${replica}-`));
    const port = await freePort();
    const doc = configDoc({
      replica,
      listen: { host: '127.0.0.1', port },
      kube: { kubeconfig: cluster.kubeconfigPath },
      prometheus: { url: prom.url },
      ledgerPath: join(dir, 'ledger.db'),
      auditPath: join(dir, 'audit.jsonl'),
      leaderElection: { enabled: true, namespace: 'plumb', leaseName: 'plumb-hooks', leaseDuration: '3s', renewDeadline: '2s', renewEvery: '300ms' },
      budget: { maxDisruptedShare: SHARE, window: '1h' },
      concurrencyPerRegion: 2,
      breaker: { failureRate: 0.5, minActions: 1000, window: '15m' },
      eviction: { pdbWait: '10m', pollEvery: '200ms' },
      recheckDeferredEvery: '200ms',
    });
    await handlers.start(writeConfig(dir, doc), port, join(dir, 'hooks.log'));
  }
}, 120_000);

const ready = async (c: ChildHandler) => (await fetch(`${c.url}/readyz`).catch(() => undefined))?.status === 200;
const leaderOf = async () => {
  for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null && (await ready(c))) return c;
  return undefined;
};
const evictions = () => grantedEvictions(cluster.auditLogPath!);
const action = async (c: ChildHandler, node: string) => (await apiGet(`${c.url}/api/v1/actions?node=${node}`, TOKENS.viewer)).body.actions[0];

describe('leader SIGKILLed mid-window', () => {
  it('keeps the budget, the acknowledged alerts, the approvals and the quarantines, judged from the kube-apiserver', async () => {
    const old = await until('a leader', leaderOf, 30_000);
    // fo-39 keeps reporting its dimension, the evidence a quarantine's release needs.
    prom.setReporting([{ node: 'fo-39', workload: 'spark-streaming', dimension: 'airflow.cfg' }]);
    const drift = NODES.slice(0, 30).map((node) => ({ labels: driftLabels({ node }), fingerprint: `fp-${node}` }));
    const quarantine = {
      labels: driftLabels({ node: 'fo-39', playbook: 'quarantine', dimension: 'airflow.cfg' }),
      fingerprint: 'fp-q-39',
      startsAt: '2026-03-01T10:00:00Z',
    };
    const approval = { labels: driftLabels({ node: 'fo-37', approval: 'required', dimension: 'spark.executor.memory' }), fingerprint: 'fp-a-37' };
    for (const batch of [drift.slice(0, 15), drift.slice(15), [quarantine, approval]]) {
      expect((await post(`${old.url}/hooks/alertmanager`, webhookBody(batch))).status).toBe(200);
    }

    // The old leader spends the window: fo-00's restart waits on its PDB, later ones are done until the budget says no; fo-39 quarantined.
    await until(
      'the old leader to spend the budget',
      async () => ((await action(old, 'fo-29'))?.lastRefusal ?? '').startsWith('disruption-budget') || undefined,
      60_000,
      200,
    );
    await until('fo-39 quarantined', async () => plumbTaints(await core.readNode({ name: 'fo-39' })).length === 1 || undefined, 30_000, 200);
    // Approved on the old leader after the budget is spent, so it waits for the budget.
    const toApprove = await until('fo-37 awaiting approval', async () =>
      (await action(old, 'fo-37'))?.state === 'awaiting-approval' ? action(old, 'fo-37') : undefined,
    );
    expect((await post(`${old.url}/api/v1/actions/${toApprove.id}/approve`, {}, TOKENS.approver)).status).toBe(200);
    await until(
      'fo-37 deferred by the budget',
      async () => ((await action(old, 'fo-37'))?.lastRefusal ?? '').startsWith('disruption-budget') || undefined,
      30_000,
      200,
    );
    const beforeKill = evictions();
    expect(beforeKill).toContain('data/spark-streaming-fo-00-0');
    expect(beforeKill).not.toContain('data/spark-streaming-fo-00-1');

    await old.kill('SIGKILL');
    const next = await until('the other replica to lead', leaderOf, 30_000, 100);
    expect(next).not.toBe(old);
    await setAllowed(1);
    // The quarantine's alert resolves; only the new leader hears of it.
    expect((await post(`${next.url}/hooks/alertmanager`, webhookBody([{ ...quarantine, status: 'resolved' }]))).status).toBe(200);
    await until('fo-00 finished by the new leader', async () => evictions().includes('data/spark-streaming-fo-00-2') || undefined, 60_000, 200);
    await until('fo-39 released', async () => plumbTaints(await core.readNode({ name: 'fo-39' })).length === 0 || undefined, 30_000, 200);
    await new Promise((r) => setTimeout(r, 3_000)); // many rounds: nothing more may be evicted

    const all = evictions();
    // After the kill the cluster saw only the rest of the interrupted restart: nothing the spent budget forbids, nothing twice.
    expect(all.slice(beforeKill.length)).toEqual(['data/spark-streaming-fo-00-1', 'data/spark-streaming-fo-00-2']);
    expect(all.length).toBeLessThanOrEqual(LIMIT);
    expect(new Set(all).size).toBe(all.length);
    // Every alert the old leader acknowledged has its action on the new leader; the rest wait for the budget.
    const actions = (await apiGet(`${next.url}/api/v1/actions?limit=1000`, TOKENS.viewer)).body.actions as {
      node: string;
      state: string;
      approvedBy?: string;
      lastRefusal?: string;
    }[];
    expect(new Set(actions.map((a) => a.node))).toEqual(new Set([...NODES.slice(0, 30), 'fo-37', 'fo-39']));
    expect(actions.find((a) => a.node === 'fo-37')).toMatchObject({ approvedBy: 'anna.approver', state: 'deferred' });
    for (const a of actions.filter((x) => x.state === 'deferred')) expect(a.lastRefusal).toMatch(/^disruption-budget/);
    const newAudit = readAudit(join(next.proc.spawnargs[3]!, '..', 'audit.jsonl'));
    expect(newAudit.some((r) => r.kind === 'action.resumed' && r.data.node === 'fo-00')).toBe(true);
    // Every playbook marks the node it acted on, restart included.
    expect((await core.readNode({ name: 'fo-00' })).metadata?.annotations?.['plumb.dev/last-action']).toMatch(/^act-/);
  }, 180_000);
});
