/**
 * The Kubernetes API answers 409 and 500: the handler retries with backoff and
 * the end state is applied exactly once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CoreV1Api } from '@kubernetes/client-node';
import { useHandler } from '../support/handler';
import { useKubeCluster } from '../support/kube-apiserver';
import { startFaultProxy, type FaultProxy } from '../support/kube-fault-proxy';
import { TOKEN_ENV, config, driftLabels, plumbTaints, post, readAudit, seedCluster, webhookBody } from './fixtures';

const cluster = useKubeCluster();
let proxy: FaultProxy;
let core: CoreV1Api;
let auditPath: string;

afterAll(async () => {
  await proxy?.stop();
});
const h = useHandler(async () => {
  ({ core } = await seedCluster(cluster.kubeConfig, { nodes: Array.from({ length: 10 }, (_, i) => `fault-${i}`), podsPerNode: 2 }));
  proxy = await startFaultProxy(cluster.url, cluster.token, [
    { method: 'PATCH', path: /^\/api\/v1\/nodes\/fault-1$/, status: 409, times: 2 },
    { method: 'GET', path: /^\/api\/v1\/nodes\/fault-1$/, status: 500, times: 1 },
    { method: 'POST', path: /^\/api\/v1\/namespaces\/data\/pods\/spark-streaming-fault-2-0\/eviction$/, status: 500, times: 2 },
  ]);
  const cfg = config({ quarantineCap: 0.5, budget: { maxDisruptedShare: 0.5 } });
  auditPath = cfg.auditPath;
  return { config: cfg, kubeConfig: proxy.kubeConfig, env: TOKEN_ENV };
});

const rounds = (n: number) => h.rounds(n);

describe('Kubernetes API faults', () => {
  it('retries a 500 read and 409 conflicts on the taint patch, then taints once', async () => {
    await post(h.hookUrl, webhookBody([{ labels: driftLabels({ node: 'fault-1', playbook: 'quarantine' }) }]));
    await rounds(2);
    const injected = proxy.log.filter((l) => l.injected && l.path.endsWith('/fault-1'));
    expect(injected.map((l) => l.status).sort()).toEqual([409, 409, 500]);
    const patches = proxy.log.filter((l) => !l.injected && l.method === 'PATCH' && l.path.endsWith('/fault-1'));
    expect(patches.map((l) => l.status)).toEqual([200]);
    expect(plumbTaints(await core.readNode({ name: 'fault-1' }))).toEqual([{ key: 'plumb.dev/quarantine', value: 'sla-risk', effect: 'NoSchedule' }]);
    expect(h.handler.engine.ledger.listActions({ node: 'fault-1' })[0]?.state).toBe('succeeded');
  });

  it('retries an eviction that failed with 500 and evicts each pod once', async () => {
    await post(h.hookUrl, webhookBody([{ labels: driftLabels({ node: 'fault-2' }) }]));
    await rounds(2);
    expect(proxy.log.filter((l) => l.injected && l.path.includes('fault-2-0')).map((l) => l.status)).toEqual([500, 500]);
    expect((await core.listNamespacedPod({ namespace: 'data', fieldSelector: 'spec.nodeName=fault-2' })).items).toEqual([]);
    const steps = readAudit(auditPath)
      .filter((r) => r.kind === 'action.step' && r.data.node === 'fault-2')
      .map((r) => r.data.evicted);
    expect(steps).toEqual(['data/spark-streaming-fault-2-0', 'data/spark-streaming-fault-2-1']);
    const metrics = await (await fetch(`${h.handler.url}/metrics`)).text();
    expect(Number(/^plumb_hooks_kube_retries_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(5);
  });
});
