/**
 * Two replicas, one Lease in a real kube-apiserver: exactly one acts; the other
 * answers 503 so Alertmanager retries, and takes over when the leader stops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoordinationV1Api, CoreV1Api } from '@kubernetes/client-node';
import { makeKubeClients } from '@plumb/alertmanager-hooks/kube/clients';
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';
import { TOKEN_ENV, config, driftLabels, post, until, webhookBody } from './fixtures';

let cluster: KubeCluster;
const replicas: RunningHandler[] = [];

beforeAll(async () => {
  cluster = await startKubeCluster();
  await cluster.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'plumb' } } });
  for (const name of ['hooks-a', 'hooks-b']) {
    const cfg = config({
      replica: name,
      modes: { default: 'observe' },
      leaderElection: { enabled: true, namespace: 'plumb', leaseName: 'plumb-hooks', leaseDuration: '2s', renewEvery: '300ms' },
    });
    const started = await startHandler(cfg, { kube: makeKubeClients(cluster.kubeConfig), env: { ...process.env, ...TOKEN_ENV } });
    if (!started.ok) throw new Error(started.errors.join('\n'));
    replicas.push(started.handler);
  }
});

afterAll(async () => {
  for (const r of replicas) await r.stop().catch(() => {});
  await cluster?.stop();
});

const ready = async (r: RunningHandler) => (await fetch(`${r.url}/readyz`)).status === 200;

describe('leader election through a Lease', () => {
  it('lets one replica act, sends the other away with 503, and fails over when the leader stops', async () => {
    const states = await Promise.all(replicas.map(ready));
    expect(states.filter(Boolean)).toHaveLength(1);
    const leader = replicas[states.indexOf(true)]!;
    const follower = replicas[states.indexOf(false)]!;
    const lease = await cluster.kubeConfig.makeApiClient(CoordinationV1Api).readNamespacedLease({ name: 'plumb-hooks', namespace: 'plumb' });
    expect(lease.spec?.holderIdentity).toBe(leader.engine.config.replica);

    const body = webhookBody([{ labels: driftLabels({ node: 'lease-node' }) }]);
    expect((await post(`${follower.url}/hooks/alertmanager`, body)).status).toBe(503);
    expect((await post(`${leader.url}/hooks/alertmanager`, body)).status).toBe(200);

    await leader.stop();
    replicas.splice(replicas.indexOf(leader), 1);
    await until('the follower to take over', async () => (await ready(follower)) || undefined, 10_000, 100);
    expect((await post(`${follower.url}/hooks/alertmanager`, body)).status).toBe(200);
  });
});
