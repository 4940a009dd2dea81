/**
 * Pods and nodes from a watch, against a real kube-apiserver: the cache follows
 * creations and deletions without listing again, and says "not synced" rather
 * than answering before its first list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterCache } from '@plumb/alertmanager-hooks/kube/cluster-cache';
import { makeKubeClients } from '@plumb/alertmanager-hooks/kube/clients';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';
import { seedCluster, until } from './fixtures';

let cluster: KubeCluster;
let cache: ClusterCache;

beforeAll(async () => {
  cluster = await startKubeCluster();
});
afterAll(async () => {
  cache?.stop();
  await cluster?.stop();
});

describe('ClusterCache', () => {
  it('has no snapshot before its first list, then follows pods and nodes through the watch', async () => {
    cache = new ClusterCache(makeKubeClients(cluster.kubeConfig), () => {});
    expect(cache.snapshot({}, [], 1)).toBeUndefined();
    cache.start();
    expect(await cache.synced(10_000)).toBe(true);
    const { core } = await seedCluster(cluster.kubeConfig, { nodes: ['cc-1', 'cc-2'], podsPerNode: 2 });
    const snap = await until(
      'the new pods in the cache',
      () => {
        const s = cache.snapshot({}, [], 1);
        return s && s.pods.length === 4 && s.nodes.size === 2 ? s : undefined;
      },
      10_000,
      20,
    );
    expect(snap.tasks.byRegion.get('eu-west-1')).toBe(4);
    await core.deleteNamespacedPod({ name: 'spark-streaming-cc-1-0', namespace: 'data', gracePeriodSeconds: 0 });
    await until('the deletion in the cache', () => (cache.snapshot({}, [], 1)?.pods.length === 3 ? true : undefined), 10_000, 20);
  });
});
