/**
 * Kill the handler (SIGKILL) in the middle of an action and start it again:
 * no action runs twice and none is lost.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CoreV1Api, PolicyV1Api } from '@kubernetes/client-node';
import { runAuditCli } from '@plumb/alertmanager-hooks/audit-cli';
import { freePort } from '@plumb/io';
import { useKubeCluster } from '../support/kube-apiserver';
import { useHandlerProcesses } from '../support/handler';
import { writeConfig, type ChildHandler } from '../support/handler-process';
import { TOKENS, TOKEN_ENV, configDoc, driftLabels, post, readAudit, seedCluster, until, webhookBody } from './fixtures';
import { useDriftPrometheus } from '../support/drift-prometheus';

const cluster = useKubeCluster();
const prom = useDriftPrometheus();
let core: CoreV1Api;
let policy: PolicyV1Api;
let child: ChildHandler;
const handlers = useHandlerProcesses(TOKEN_ENV);

beforeAll(async () => {
  ({ core, policy } = await seedCluster(cluster.kubeConfig, {
    nodes: ['chaos-1', 'chaos-2', ...Array.from({ length: 8 }, (_, i) => `chaos-pad-${i}`)],
    podsPerNode: 3,
  }));
});

async function setAllowed(n: number) {
  const pdb = await policy.readNamespacedPodDisruptionBudget({ name: 'chaos-pdb', namespace: 'data' });
  await policy.replaceNamespacedPodDisruptionBudgetStatus({
    name: 'chaos-pdb',
    namespace: 'data',
    body: { ...pdb, status: { currentHealthy: 1, desiredHealthy: 1, expectedPods: 1, disruptionsAllowed: n, observedGeneration: pdb.metadata?.generation } },
  });
}

describe('a handler killed mid-action', () => {
  it('resumes after a restart: every pod evicted exactly once, no action started twice, none lost', async () => {
    await policy.createNamespacedPodDisruptionBudget({
      namespace: 'data',
      body: { metadata: { name: 'chaos-pdb' }, spec: { maxUnavailable: 0, selector: { matchLabels: { node: 'chaos-1', idx: '1' } } } },
    });
    await setAllowed(0);
    // Both nodes keep reporting the dimension: the evidence verification needs.
    prom.setReporting(['chaos-1', 'chaos-2'].map((node) => ({ node, workload: 'spark-streaming', dimension: 'spark.sql.session.timeZone' })));

    const dir = mkdtempSync(join(tmpdir(), 'plumb-chaos-'));
    const port = await freePort();
    const doc = configDoc({
      listen: { host: '127.0.0.1', port },
      kube: { kubeconfig: cluster.kubeconfigPath },
      // Verification waits for a scrape after the action: evidence from before it does not count.
      prometheus: { url: prom.url },
      budget: { maxDisruptedShare: 0.5 },
      verify: { delay: '3s', timeout: '5s' },
      eviction: { pdbWait: '10m', pollEvery: '200ms' },
      ledgerPath: join(dir, 'ledger.db'),
      auditPath: join(dir, 'audit.jsonl'),
    });
    const configPath = writeConfig(dir, doc);
    const log = join(dir, 'hooks.log');
    child = await handlers.start(configPath, port, log);

    // Action 1 evicts chaos-1's first pod, then waits on the PDB for the second.
    expect((await post(`${child.url}/hooks/alertmanager`, webhookBody([{ labels: driftLabels({ node: 'chaos-1' }), fingerprint: 'fp-chaos-1' }]))).status).toBe(
      200,
    );
    const auditPath = join(dir, 'audit.jsonl');
    await until('the action to wait on the PDB', () => readAudit(auditPath).some((r) => r.kind === 'action.waiting') || undefined);

    // Action 2 is acknowledged, then the handler dies at once.
    expect((await post(`${child.url}/hooks/alertmanager`, webhookBody([{ labels: driftLabels({ node: 'chaos-2' }), fingerprint: 'fp-chaos-2' }]))).status).toBe(
      200,
    );
    await child.kill('SIGKILL');

    await setAllowed(1);
    child = await handlers.start(configPath, port, log);
    await until(
      'both actions finished',
      () => {
        const states = ['chaos-1', 'chaos-2'].map((n) => readAudit(auditPath).some((r) => r.kind === 'action.succeeded' && r.data.node === n));
        return states.every(Boolean) || undefined;
      },
      45_000,
      200,
    );
    await child.kill('SIGTERM');

    const audit = readAudit(auditPath);
    const started = audit.filter((r) => r.kind === 'action.started');
    expect(started.map((r) => r.data.node).sort()).toEqual(['chaos-1', 'chaos-2']);
    expect(audit.some((r) => r.kind === 'action.resumed' && r.data.node === 'chaos-1')).toBe(true);
    const evicted = audit.filter((r) => r.kind === 'action.step' && r.data.node === 'chaos-1').map((r) => r.data.evicted);
    expect(evicted).toEqual(['data/spark-streaming-chaos-1-0', 'data/spark-streaming-chaos-1-1', 'data/spark-streaming-chaos-1-2']);
    for (const node of ['chaos-1', 'chaos-2']) {
      expect((await core.listNamespacedPod({ namespace: 'data', fieldSelector: `spec.nodeName=${node}` })).items).toEqual([]);
    }
    const out: string[] = [];
    expect(
      await runAuditCli(
        ['verify', auditPath],
        (s) => out.push(s),
        (s) => out.push(s),
      ),
    ).toBe(0);
    const logText = readFileSync(log, 'utf8');
    for (const t of Object.values(TOKENS)) expect(logText).not.toContain(t);
  });
});
