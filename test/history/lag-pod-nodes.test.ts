/**
 * Lag to node without a static map: the pod watch behind `plumb-kafka-lag --kubernetes`
 * follows pods through the real kube-apiserver, and consumer lag computed with it is
 * labelled with the node of the consumer's pod, also after the pod's IP is reused on
 * another node.
 */
import type { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeLag } from '@plumb/history/lag/compute';
import { watchPodNodes, type PodWatch } from '@plumb/history/lag/pod-watch';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';

const NS = 'default';
let cluster: KubeCluster;
let core: CoreV1Api;
let watch: PodWatch;

/** A pod bound to `node` whose status says it runs with `ip` (what the kubelet would write). */
async function runPod(name: string, node: string, ip: string): Promise<void> {
  const created = await core.createNamespacedPod({
    namespace: NS,
    body: { metadata: { name }, spec: { nodeName: node, containers: [{ name: 'consumer', image: 'registry.example/consumer:1' }] } },
  });
  await core.replaceNamespacedPodStatus({ name, namespace: NS, body: { ...created, status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] } } });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const group = (clientHost: string) => ({
  group: { groupId: 'settlements-loader', state: 'Stable', members: [{ memberId: 'm1', clientId: 'loader', clientHost, assignment: { payments: [0] } }] },
  committed: [{ topic: 'payments', partition: 0, offset: 40 }],
  topicOffsets: new Map([['payments', [{ partition: 0, high: 100, low: 0 }]]]),
});

beforeAll(async () => {
  cluster = await startKubeCluster();
  const { CoreV1Api: Api } = await import('@kubernetes/client-node');
  core = cluster.kubeConfig.makeApiClient(Api);
  await runPod('loader-1', 'ip-10-0-1-17.eu-west-1.compute.internal', '10.244.1.5');
  watch = await watchPodNodes(cluster.kubeConfig);
  await watch.synced;
});
afterAll(async () => {
  await watch?.stop();
  await cluster?.stop();
});

describe('consumer lag labelled through a Kubernetes pod watch', () => {
  it('A consumer whose client host is a pod IP gets the node of that pod.', async () => {
    await until(() => watch.resolve('10.244.1.5') !== undefined, 'the listed pod');
    const rows = computeLag(group('10.244.1.5'), (h) => watch.resolve(h) ?? h);
    expect(rows).toEqual([expect.objectContaining({ node: 'ip-10-0-1-17.eu-west-1.compute.internal', lag: 60 })]);
  });

  it('When the pod goes and its IP is reused on another node, lag follows the new node.', async () => {
    await core.deleteNamespacedPod({ name: 'loader-1', namespace: NS, gracePeriodSeconds: 0 });
    await until(() => watch.resolve('10.244.1.5') === undefined, 'the delete');
    await runPod('loader-2', 'ip-10-0-2-9.eu-west-1.compute.internal', '10.244.1.5');
    await until(() => watch.resolve('10.244.1.5') === 'ip-10-0-2-9.eu-west-1.compute.internal', 'the new pod');
    expect(computeLag(group('10.244.1.5'), (h) => watch.resolve(h) ?? h)[0]?.node).toBe('ip-10-0-2-9.eu-west-1.compute.internal');
  });

  it('A client host no pod has stays as it is, never a guessed node.', () => {
    expect(computeLag(group('10.9.9.9'), (h) => watch.resolve(h) ?? h)[0]?.node).toBe('10.9.9.9');
  });
});
