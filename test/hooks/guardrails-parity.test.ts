/**
 * Guardrails at parity with Medik8s NodeHealthCheck and kured, against a real kube-apiserver:
 * in-flight quarantines count against the pool cap before the cluster shows them; a pool
 * keeps `minHealthy` of its nodes Ready and in service; nodes kured or a Medik8s remediator
 * holds are skipped and the holder named; the failure breaker opens, waits out its cool-down,
 * lets one probe through (half-open) and closes on its success.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AppsV1Api, type CoreV1Api } from '@kubernetes/client-node';
import type { ClusterCache } from '@plumb/alertmanager-hooks/kube/cluster-cache';
import { useHandler } from '../support/handler';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';
import { startFaultProxy, type FaultProxy } from '../support/kube-fault-proxy';
import { TOKEN_ENV, TOKENS, config, driftLabels, plumbTaints, post, seedCluster, until, webhookBody } from './fixtures';

let cluster: KubeCluster;
let proxy: FaultProxy;
let core: CoreV1Api;
const pools = {
  cap: Array.from({ length: 5 }, (_, i) => `cap-${i}`),
  mh: Array.from({ length: 10 }, (_, i) => `mh-${i}`),
  or: Array.from({ length: 4 }, (_, i) => `or-${i}`),
  brk: Array.from({ length: 20 }, (_, i) => `brk-${i}`),
  rb: Array.from({ length: 20 }, (_, i) => `rb-${i}`),
  ord: Array.from({ length: 4 }, (_, i) => `ord-${i}`),
  two: Array.from({ length: 8 }, (_, i) => `two-${i}`),
};

afterAll(async () => {
  await proxy?.stop();
  await cluster?.stop();
});
const h = useHandler(async () => {
  cluster = await startKubeCluster();
  // The breaker counts outcomes per region: its pool has a region of its own.
  for (const [pool, nodes] of Object.entries(pools))
    ({ core } = await seedCluster(cluster.kubeConfig, { nodes, pool, region: regionOf(pool), podsPerNode: 0 }));
  await Promise.all(pools.mh.map((n) => setReady(n, true)));
  // cap-0's quarantine keeps failing its first writes: it is still running in the next round.
  // rb-0's quarantine fails for good (every write answered 500).
  proxy = await startFaultProxy(cluster.url, cluster.token, [
    { method: 'PATCH', path: /^\/api\/v1\/nodes\/cap-0$/, status: 500, times: 6 },
    { method: 'PATCH', path: /^\/api\/v1\/nodes\/rb-0$/, status: 500, times: 10 },
    // The probe after it takes a moment (three failed writes first).
    { method: 'PATCH', path: /^\/api\/v1\/nodes\/rb-3$/, status: 500, times: 3 },
  ]);
  const cfg = config({
    quarantineCap: 0.25,
    poolSizes: {},
    minHealthy: { default: 0, pools: { mh: 0.9 } },
    breaker: { failureRate: 0.5, minActions: 4, window: '15m', cooldown: '2s' },
    retry: { attempts: 10, baseDelay: '300ms', maxDelay: '300ms' },
  });
  return { config: cfg, kubeConfig: proxy.kubeConfig, env: TOKEN_ENV };
});

async function setReady(node: string, ready: boolean) {
  const n = await core.readNodeStatus({ name: node });
  const conditions = [{ type: 'Ready', status: ready ? 'True' : 'False', reason: 'Test', lastHeartbeatTime: new Date(), lastTransitionTime: new Date() }];
  await core.replaceNodeStatus({ name: node, body: { ...n, status: { ...n.status, conditions } } });
}
const regionOf = (pool: string) => ({ brk: 'ap-south-1', rb: 'sa-east-1' })[pool] ?? 'eu-west-1';
const quarantine = (node: string, pool: string, dimension = 'guard.quarantine', severity = 'correctness-risk') =>
  post(
    h.hookUrl,
    webhookBody([{ labels: driftLabels({ node, pool, region: regionOf(pool), dimension, playbook: 'quarantine', approval: 'none', severity }) }]),
  );
const action = (node: string) => h.handler.engine.ledger.listActions({ node }).find((a) => a.playbook === 'quarantine')!;
const tainted = async (node: string) => plumbTaints(await core.readNode({ name: node })).length > 0;
/** Until the handler's node watch has delivered a change made through the API (the watch is asynchronous). */
const cacheSees = (what: string, node: string, check: (n: NonNullable<ReturnType<ClusterCache['node']>>) => boolean) =>
  until(`the node watch to show ${what}`, () => {
    const n = h.handler.engine.cluster?.node(node);
    return (n !== undefined && check(n)) || undefined;
  });
/** Rounds until the cluster cache has seen a change (the watch is asynchronous). */
const roundsUntil = (what: string, check: () => boolean) =>
  until(what, async () => {
    await h.rounds(1);
    return check() || undefined;
  });

describe('in-flight actions count against the quarantine cap', () => {
  it('defers a second quarantine in a pool while the first is still running, before the cluster shows it', async () => {
    await quarantine('cap-0', 'cap');
    await h.handler.worker.round(); // starts cap-0's quarantine; its writes fail and are retried
    expect(action('cap-0').state).toBe('running');
    expect(await tainted('cap-0')).toBe(false);
    await quarantine('cap-1', 'cap');
    await h.handler.worker.round();
    expect(action('cap-1')).toMatchObject({ state: 'deferred', lastRefusal: expect.stringMatching(/^quarantine-cap: 1 \+ 1 of 5 nodes of pool cap/) });
    await h.handler.worker.idle();
    expect(action('cap-0').state).toBe('succeeded');
  });
});

describe('in-flight actions are counted once', () => {
  it('lets two quarantines into a pool with room for two in the same round', async () => {
    await quarantine('two-0', 'two', 'two.a');
    await quarantine('two-1', 'two', 'two.b');
    await quarantine('two-2', 'two', 'two.c');
    await h.rounds(1);
    expect(['two-0', 'two-1', 'two-2'].map((n) => action(n).state).sort()).toEqual(['deferred', 'succeeded', 'succeeded']);
  });
});

describe('min-healthy per pool', () => {
  it('keeps 90% of a pool healthy: with one node NotReady no other node is quarantined, and once it is Ready again one may be', async () => {
    await setReady('mh-9', false);
    await cacheSees('mh-9 NotReady', 'mh-9', (n) => !n.ready);
    await cacheSees('mh-0 Ready', 'mh-0', (n) => n.ready);
    await quarantine('mh-0', 'mh');
    await roundsUntil('the min-healthy refusal', () => action('mh-0')?.lastRefusal?.startsWith('min-healthy') ?? false);
    expect(action('mh-0')).toMatchObject({ state: 'deferred', lastRefusal: expect.stringContaining('8 of 10 nodes of pool mh healthy after the action') });
    expect(await tainted('mh-0')).toBe(false);
    await setReady('mh-9', true);
    await roundsUntil('the quarantine', () => action('mh-0').state === 'succeeded');
    expect(await tainted('mh-0')).toBe(true);
  });
});

describe('nodes held by another remediator', () => {
  it("skips the node kured's lock names, says so, and acts once kured lets go", async () => {
    const apps = cluster.kubeConfig.makeApiClient(AppsV1Api);
    const labels = { app: 'kured' };
    await apps.createNamespacedDaemonSet({
      namespace: 'kube-system',
      body: {
        metadata: { name: 'kured', annotations: { 'weave.works/kured-node-lock': JSON.stringify({ nodeID: 'or-0', created: new Date().toISOString() }) } },
        spec: {
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: 'kured', image: 'registry.invalid/kured:1' }] } },
        },
      },
    });
    await quarantine('or-0', 'or');
    await h.rounds(1);
    expect(action('or-0')).toMatchObject({
      state: 'deferred',
      lastRefusal: expect.stringContaining('kured (lock annotation weave.works/kured-node-lock names or-0)'),
    });
    expect(await tainted('or-0')).toBe(false);
    await apps.patchNamespacedDaemonSet({
      namespace: 'kube-system',
      name: 'kured',
      body: [{ op: 'remove', path: '/metadata/annotations/weave.works~1kured-node-lock' }],
    });
    await h.rounds(1);
    expect(action('or-0').state).toBe('succeeded');
  });

  it('skips a node a Medik8s remediator has tainted, naming the taint', async () => {
    const n = await core.readNode({ name: 'or-1' });
    await core.replaceNode({
      name: 'or-1',
      body: { ...n, spec: { ...n.spec, taints: [{ key: 'medik8s.io/remediation', value: 'self-node-remediation', effect: 'NoExecute' }] } },
    });
    await cacheSees("or-1's Medik8s taint", 'or-1', (n) => n.heldBy !== undefined);
    await quarantine('or-1', 'or');
    await roundsUntil('the refusal', () => action('or-1')?.lastRefusal?.startsWith('other-remediator') ?? false);
    expect(action('or-1')).toMatchObject({
      state: 'deferred',
      lastRefusal: expect.stringContaining('taint medik8s.io/remediation=self-node-remediation:NoExecute'),
    });
    expect(plumbTaints(await core.readNode({ name: 'or-1' })).map((t) => t.key)).toEqual(['medik8s.io/remediation']);
  });
});

describe('the failure breaker: cool-down and half-open probe', () => {
  it('opens after half of four actions fail, lets one probe through after the cool-down, and closes when it succeeds', async () => {
    // Two quarantines succeed; two aim at nodes that do not exist and fail.
    for (const node of ['brk-0', 'brk-1', 'brk-ghost-1', 'brk-ghost-2']) await quarantine(node, 'brk', `brk.${node}`);
    await h.rounds(2);
    expect(['brk-0', 'brk-1', 'brk-ghost-1', 'brk-ghost-2'].map((n) => action(n).state)).toEqual(['succeeded', 'succeeded', 'failed', 'failed']);

    await quarantine('brk-2', 'brk', 'brk.probe');
    await h.rounds(1);
    await quarantine('brk-3', 'brk', 'brk.after');
    await h.rounds(1);
    expect(action('brk-2')).toMatchObject({ state: 'deferred', lastRefusal: expect.stringMatching(/^circuit-breaker: open: 2 of 4 recent actions failed/) });
    expect(action('brk-3').state).toBe('deferred');

    // After the cool-down, one probe only: brk-2 (older) runs, brk-3 waits for it.
    await new Promise((r) => setTimeout(r, 2100));
    await h.handler.worker.round();
    expect(action('brk-2').state).toBe('running');
    expect(action('brk-3').lastRefusal).toMatch(/^circuit-breaker: half-open: .*waiting for the probe/);
    await h.handler.worker.idle();
    expect(action('brk-2').state).toBe('succeeded');
    await h.rounds(1);
    expect(action('brk-3').state).toBe('succeeded');
  });
});

describe('the breaker remembers failures that were rolled back', () => {
  it('still counts a failed quarantine after an operator rolled it back: the next actions run one probe at a time', async () => {
    for (const node of ['rb-1', 'rb-2', 'rb-0', 'rb-ghost']) await quarantine(node, 'rb', `rb.${node}`);
    await h.rounds(2);
    expect(['rb-1', 'rb-2', 'rb-0', 'rb-ghost'].map((n) => action(n).state)).toEqual(['succeeded', 'succeeded', 'failed', 'failed']);
    await new Promise((r) => setTimeout(r, 2100)); // the cool-down: the rollback may run as the half-open probe
    const res = await post(`${h.handler.url}/api/v1/actions/${action('rb-0').id}/rollback`, {}, TOKENS.operator);
    expect(res.status).toBe(200);
    await h.rounds(1);
    expect(action('rb-0').state).toBe('rolled-back');

    // Two new quarantines: with the failure remembered the breaker is half-open and lets one through.
    await quarantine('rb-3', 'rb', 'rb.after-1');
    await h.handler.worker.round();
    await quarantine('rb-4', 'rb', 'rb.after-2');
    await h.handler.worker.round();
    expect(action('rb-3').state).toBe('running');
    expect(action('rb-4')).toMatchObject({
      state: 'deferred',
      lastRefusal: expect.stringMatching(/^circuit-breaker: half-open: 2 of 4 recent actions failed/),
    });
    await h.handler.worker.idle();
  });
});

describe('the queue order', () => {
  it('decides the worse severity first: with room for one quarantine, the correctness-risk one gets it though it arrived later', async () => {
    await quarantine('ord-0', 'ord', 'ord.first', 'sla-risk');
    await quarantine('ord-1', 'ord', 'ord.second', 'correctness-risk');
    await h.rounds(1);
    expect(action('ord-1').state).toBe('succeeded');
    expect(action('ord-0')).toMatchObject({ state: 'deferred', lastRefusal: expect.stringMatching(/^quarantine-cap/) });
  });
});
