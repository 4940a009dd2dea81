/**
 * hooks-storm: 1,000 drift alerts over 1,000 nodes against plumb-hooks with a
 * real kube-apiserver. Prints webhook ack latency (p50, p99) and decisions per
 * second. Figures only, no assertions. Then, beside it:
 * - ack latency at a steady 1,000 alerts/min, with the local ledger only and
 *   with the shared state in Kubernetes (two replicas' setup), side by side;
 * - the storm with a leader SIGKILLed in the middle, judged from the
 *   kube-apiserver's audit log (budget breaches, double evictions, double starts).
 *
 *   npx tsx bench/hooks-storm/run.ts [--nodes 1000] [--concurrency 20] [--mode enforce|dry-run] [--steady-seconds 60] [--skip-steady] [--skip-failover]
 */
import { makeKubeClients } from '@plumb/alertmanager-hooks/kube/clients';
import { startHandler } from '@plumb/alertmanager-hooks/server';
import { startKubeCluster } from '../../test/support/kube-apiserver';
import { TOKEN_ENV, TOKENS, config, driftLabels, readAudit, seedCluster, webhookBody } from '../../test/hooks/fixtures';
import { CoreV1Api } from '@kubernetes/client-node';
import { loadavg } from 'node:os';
import { steadyAcks } from './steady';
import { stormWithLeaderKill } from './failover';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const NODES = Number(arg('nodes', '1000'));
const CONCURRENCY = Number(arg('concurrency', '20'));
const MODE = arg('mode', 'enforce');
const STEADY_SECONDS = Number(arg('steady-seconds', '60'));
const flag = (name: string) => process.argv.includes(`--${name}`);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

// Figures from a shared machine mean little without its load: print it.
console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const cluster = await startKubeCluster({ auditLog: true });
try {
  const names = Array.from({ length: NODES }, (_, i) => `bench-${String(i).padStart(4, '0')}`);
  const tSeed = performance.now();
  await seedCluster(cluster.kubeConfig, { nodes: names, podsPerNode: 2, concurrency: 16 });
  console.log(`seeded ${NODES} nodes and ${NODES * 2} running pods in ${((performance.now() - tSeed) / 1000).toFixed(1)} s`);

  const cfg = config({
    modes: { default: MODE },
    budget: { maxDisruptedShare: 0.01 },
    concurrencyPerRegion: 3,
    processEvery: '200ms',
    recheckDeferredEvery: '1s',
    verify: { delay: '10m' },
  });
  const started = await startHandler(cfg, { kube: makeKubeClients(cluster.kubeConfig), env: { ...process.env, ...TOKEN_ENV }, log: () => {} });
  if (!started.ok) throw new Error(started.errors.join('\n'));
  const handler = started.handler;

  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < names.length) {
        const node = names[next++]!;
        const body = JSON.stringify(webhookBody([{ labels: driftLabels({ node }) }]));
        const t = performance.now();
        const res = await fetch(`${handler.url}/hooks/alertmanager`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.webhook}` },
          body,
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      }
    }),
  );
  const tAcked = performance.now();
  const decidedIds = () =>
    new Set(
      readAudit(cfg.auditPath)
        .filter((r) => r.kind === 'decision')
        .map((r) => r.data.actionId),
    );
  while (decidedIds().size < NODES) await new Promise((r) => setTimeout(r, 100));
  const tDecided = performance.now();
  await handler.worker.idle();
  const audit = readAudit(cfg.auditPath);
  const startedActions = audit.filter((r) => r.kind === 'action.started');
  const disrupted = startedActions.reduce((s, r) => s + Number(r.data.cost), 0);
  await handler.stop();

  latencies.sort((a, b) => a - b);
  const decisions = audit.filter((r) => r.kind === 'decision').length;
  console.log(`mode ${MODE}, ${NODES} alerts, ${CONCURRENCY} concurrent senders`);
  console.log(`webhook ack latency: p50 ${pct(latencies, 50).toFixed(2)} ms, p99 ${pct(latencies, 99).toFixed(2)} ms, max ${latencies.at(-1)!.toFixed(2)} ms`);
  console.log(`all ${NODES} alerts acked in ${((tAcked - t0) / 1000).toFixed(2)} s (${(NODES / ((tAcked - t0) / 1000)).toFixed(0)} alerts/s)`);
  console.log(
    `first decision on every alert after ${((tDecided - t0) / 1000).toFixed(2)} s: ${(NODES / ((tDecided - t0) / 1000)).toFixed(0)} decisions/s (${decisions} decision records)`,
  );
  console.log(`actions started: ${startedActions.length}, tasks disrupted: ${disrupted} of ${NODES * 2} running (budget 1%)`);

  if (!flag('skip-steady')) {
    // Same cluster, same alert shape; the only difference is where an ack must be stored first.
    await cluster.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'plumb-steady' } } });
    const rows: [string, number[], number][] = [];
    for (const shared of [false, true]) {
      const c = config({
        replica: shared ? 'steady-shared' : 'steady-local',
        modes: { default: 'observe' },
        processEvery: '200ms',
        recheckDeferredEvery: '1s',
        ...(shared
          ? { leaderElection: { enabled: true, namespace: 'plumb-steady', leaseName: 'steady', leaseDuration: '15s', renewDeadline: '10s', renewEvery: '2s' } }
          : {}),
      });
      const h = await startHandler(c, { kube: makeKubeClients(cluster.kubeConfig), env: { ...process.env, ...TOKEN_ENV }, log: () => {} });
      if (!h.ok) throw new Error(h.errors.join('\n'));
      while ((await fetch(`${h.handler.url}/readyz`)).status !== 200) await new Promise((r) => setTimeout(r, 100));
      const { latencies: l, failed } = await steadyAcks(h.handler.url, names, 1000, STEADY_SECONDS);
      await h.handler.stop();
      rows.push([shared ? 'shared state (ConfigMap write before ack)' : 'local ledger only (floor)', l, failed]);
    }
    console.log(`steady 1,000 alerts/min for ${STEADY_SECONDS} s, one alert per request (target p99 <= 50 ms):`);
    for (const [what, l, failed] of rows)
      console.log(
        `  ${what.padEnd(42)} p50 ${pct(l, 50).toFixed(2)} ms, p99 ${pct(l, 99).toFixed(2)} ms, max ${l.at(-1)!.toFixed(2)} ms, ${l.length} acks, ${failed} not 200`,
      );
  }

  if (!flag('skip-failover')) {
    const running = NODES * 2 - disrupted;
    const f = await stormWithLeaderKill({
      kubeConfig: cluster.kubeConfig,
      kubeconfigPath: cluster.kubeconfigPath,
      auditLogPath: cluster.auditLogPath!,
      nodes: names,
      runningTasks: running,
      share: 0.01,
    });
    console.log(`storm with a leader SIGKILLed at half the budget (two processes, one Lease, shared state; judged from the kube-apiserver audit log):`);
    console.log(
      `  ${f.alerts} alerts, tasks disrupted ${f.disruptedTasks} of ${f.limitTasks} allowed: ${f.breaches} budget breaches, ${f.podsEvictedTwice} pods evicted twice, ${f.actionsStartedTwice} actions started twice; takeover ${(f.takeoverMs / 1000).toFixed(1)} s`,
    );
  }
} finally {
  await cluster.stop();
}
