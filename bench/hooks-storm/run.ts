/**
 * hooks-storm: 1,000 drift alerts over 1,000 nodes against plumb-hooks with a
 * real kube-apiserver. Prints webhook ack latency (p50, p99) and decisions per
 * second. Figures only, no assertions.
 *
 *   npx tsx bench/hooks-storm/run.ts [--nodes 1000] [--concurrency 20] [--mode enforce|dry-run]
 */
import { makeKubeClients } from '@plumb/alertmanager-hooks/kube/clients';
import { startHandler } from '@plumb/alertmanager-hooks/server';
import { startKubeCluster } from '../../test/support/kube-apiserver';
import { TOKEN_ENV, TOKENS, config, driftLabels, readAudit, seedCluster, webhookBody } from '../../test/hooks/fixtures';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const NODES = Number(arg('nodes', '1000'));
const CONCURRENCY = Number(arg('concurrency', '20'));
const MODE = arg('mode', 'enforce');

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const cluster = await startKubeCluster();
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
} finally {
  await cluster.stop();
}
