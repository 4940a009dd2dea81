/**
 * bench/detection-latency: time from injecting a drift on a simulated node to the
 * PlumbConfigDrift alert arriving at plumb-hooks, through the real parts at the
 * default 30 s scrape and evaluation intervals: 1,000 simulated nodes, three regional
 * Prometheus servers with the rules compiled from the example spec, Alertmanager and
 * the handler (dry-run). Arrival is the handler's own record of the alert
 * (`createdMs` of the action it opened). Prints p50 and p95, overall and by severity.
 *
 *   npx tsx bench/detection-latency/run.ts [--nodes 1000] [--interval 30s]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exporterRenderers } from '@plumb/sim/renderers';
import { loadScenario, seconds } from '@plumb/sim/scenario';
import { startStack } from '@plumb/sim/stack/stack';
import { handlerActions } from '@plumb/sim/stack/handler-summary';

const repoRoot = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({ options: { nodes: { type: 'string', default: '1000' }, interval: { type: 'string', default: '30s' } } });
const scenario = loadScenario(join(repoRoot, 'bench/detection-latency/scenario.yaml'), { nodes: Number(values.nodes) });
const work = mkdtempSync(join(tmpdir(), 'plumb-detection-'));
const log = (l: string) => process.stderr.write(`${l}\n`);
const stack = await startStack({
  repoRoot,
  workDir: work,
  specPath: join(repoRoot, 'examples/paywave/desired-state.yaml'),
  scenario,
  scrapeInterval: values.interval,
  evaluationInterval: values.interval,
  fast: false,
  renderers: await exporterRenderers(),
  log,
});
if (!stack.handler) throw new Error('plumb-hooks did not start; detection latency is measured at the handler');
try {
  const start = Date.now();
  stack.world.start(start);
  const lastAt = Math.max(...scenario.events.map((e) => seconds(e.at)));
  const deadline = start + (lastAt + 300) * 1000;
  const latencies = new Map<string, { severity: string; seconds: number }>();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5000));
    stack.world.tick(Date.now());
    const actions = await handlerActions(stack.handler);
    for (const record of stack.world.truth) {
      const keys = Object.keys(record.event.set ?? {});
      for (const node of record.nodes) {
        const id = `${record.event.name} ${node}`;
        if (latencies.has(id)) continue;
        const a = actions.find((x) => x.node === node && keys.includes(x.dimension));
        if (a) latencies.set(id, { severity: a.severity, seconds: (a.createdMs - record.appliedAtMs) / 1000 });
      }
    }
    const expected = stack.world.truth.reduce((n, r) => n + r.nodes.length, 0);
    log(`  ${latencies.size}/${expected} injected drifts have reached the handler`);
    if (stack.world.truth.length === scenario.events.length && latencies.size === expected) break;
  }
  const expected = stack.world.truth.reduce((n, r) => n + r.nodes.length, 0);
  const all = [...latencies.values()];
  console.log(
    `bench/detection-latency: ${stack.world.nodes.size} nodes, scrape and evaluation every ${values.interval}, alert for/keep_firing_for from ${join('examples/paywave/desired-state.yaml')}`,
  );
  console.log(`drifts injected: ${expected}; reached the handler: ${all.length}`);
  console.log('severity          n    p50 s    p95 s    max s');
  for (const [label, list] of [['all', all], ...['correctness-risk', 'sla-risk'].map((s) => [s, all.filter((x) => x.severity === s)] as const)] as const) {
    const xs = list.map((x) => x.seconds).sort((a, b) => a - b);
    if (xs.length === 0) continue;
    console.log(
      `${label.padEnd(16)} ${String(xs.length).padStart(3)} ${q(xs, 0.5).toFixed(1).padStart(8)} ${q(xs, 0.95).toFixed(1).padStart(8)} ${(xs[xs.length - 1] ?? 0).toFixed(1).padStart(8)}`,
    );
  }
  console.log('target: p95 <= 120 s (the detection requirement allows 600 s)');
} finally {
  await stack.stop();
}

/** Nearest-rank quantile of sorted values. */
function q(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}
