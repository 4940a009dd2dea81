/**
 * Reports from pods on the node address: the exporter accepts a report carrying the
 * pod's projected service-account token only after a TokenReview by the real
 * kube-apiserver says the token is genuine, for the configured audience and bound to a
 * pod that runs on this node. Requests go to 127.0.0.1 with `--report-auth token`,
 * which wants a token from every peer, loopback included.
 */
import { AuthenticationV1Api, CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';
import { startExporter, type RunningExporter } from './support';

const NS = 'plumb-report-auth';
const AUDIENCE = 'plumb-exporter';
let cluster: KubeCluster;
let core: CoreV1Api;
let exporter: RunningExporter;
const tokens: Record<string, string> = {};

async function podToken(pod: string | undefined, audience = AUDIENCE): Promise<string> {
  const bound = pod === undefined ? undefined : await core.readNamespacedPod({ namespace: NS, name: pod });
  const r = await core.createNamespacedServiceAccountToken({
    namespace: NS,
    name: 'reporter',
    body: {
      spec: {
        audiences: [audience],
        expirationSeconds: 3600,
        ...(bound ? { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: pod, uid: bound.metadata?.uid } } : {}),
      },
    },
  });
  return r.status?.token as string;
}

beforeAll(async () => {
  cluster = await startKubeCluster();
  core = cluster.kubeConfig.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: NS } } });
  await core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name: 'reporter' } } });
  for (const [name, node] of [
    ['driver-here', 'node-a'],
    ['driver-there', 'node-b'],
  ])
    await core.createNamespacedPod({
      namespace: NS,
      body: {
        metadata: { name, labels: { 'plumb.dev/workload': 'spark-streaming' } },
        spec: { nodeName: node, serviceAccountName: 'reporter', containers: [{ name: 'main', image: 'registry.invalid/spark:3.5.1' }] },
      },
    });
  tokens.here = await podToken('driver-here');
  tokens.there = await podToken('driver-there');
  tokens.otherAudience = await podToken('driver-here', 'vault');
  tokens.unbound = await podToken(undefined);
  exporter = await startExporter(
    {},
    ['--kubernetes', '--kubeconfig', cluster.kubeconfigPath, '--report-auth', 'token', '--report-token-audience', AUDIENCE],
    ['--node', 'node-a', '--workloads', 'spark-streaming'],
  );
}, 240_000);

afterAll(async () => {
  await exporter?.stop();
  await cluster?.stop();
});

async function post(token: string | undefined): Promise<{ status: number; body: { error?: string } }> {
  const res = await fetch(`${exporter.url}/v1/report`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ workload: 'spark-streaming', id: 'driver-1', source: 'spark', config: { 'spark.sql.shuffle.partitions': 200 } }),
  });
  return { status: res.status, body: (await res.json()) as { error?: string } };
}

describe('authenticated reports from pods', () => {
  it('The TokenReview of the real API server sees the pod binding the exporter relies on.', async () => {
    const auth = cluster.kubeConfig.makeApiClient(AuthenticationV1Api);
    const r = await auth.createTokenReview({ body: { spec: { token: tokens.here as string, audiences: [AUDIENCE] } } });
    expect(r.status?.authenticated).toBe(true);
    expect(r.status?.user?.extra?.['authentication.kubernetes.io/pod-name']).toEqual(['driver-here']);
  });

  it.each([
    { name: 'A token of a pod on this node is accepted.', token: 'here', status: 202, error: undefined },
    {
      name: 'A token of a pod on another node is refused with 403 naming why.',
      token: 'there',
      status: 403,
      error: `pod ${NS}/driver-there does not run on this node (node-a)`,
    },
    { name: 'A request without a token is refused with 401 naming why.', token: undefined, status: 401, error: 'missing bearer token' },
    { name: 'A forged token is refused with 401.', token: 'forged', status: 401, error: 'rejected by TokenReview' },
    { name: 'A token for another audience is refused with 401.', token: 'otherAudience', status: 401, error: 'rejected by TokenReview' },
    { name: 'A service-account token not bound to a pod is refused with 403.', token: 'unbound', status: 403, error: 'not bound to a pod' },
  ])('$name', async ({ token, status, error }) => {
    const forged = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6eDp5In0.c2lnbmF0dXJl';
    const r = await post(token === undefined ? undefined : token === 'forged' ? forged : tokens[token]);
    expect(r.status).toBe(status);
    if (error !== undefined) expect(r.body.error).toContain(error);
  });

  it('The accepted report counts, and no token appears in any output.', async () => {
    await new Promise((r) => setTimeout(r, 1500));
    const metrics = await (await fetch(`${exporter.url}/metrics`)).text();
    expect(metrics).toMatch(/plumb_config_info\{[^}]*workload="spark-streaming"[^}]*dimension="spark.shuffle.effective"/);
    const everything = [metrics, await (await fetch(`${exporter.url}/state`)).text(), ...exporter.logs, ...exporter.stdout, ...exporter.stderr].join('\n');
    for (const t of Object.values(tokens)) expect(everything.includes(t)).toBe(false);
  });
});
