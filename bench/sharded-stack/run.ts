/**
 * The local stack unsharded and with `--shards N`, side by side in one run: per region, the
 * head series and the rule evaluation time of the Prometheus that scrapes nodes (the one
 * server, or each shard) and of the regional tier, after the same warm-up. The peer is the
 * unsharded region measured by the same code on the same machine.
 *   npx tsx bench/sharded-stack/run.ts [--nodes 300] [--shards 2] [--warmup 60]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exporterRenderers } from '@plumb/sim/renderers';
import { loadScenario } from '@plumb/sim/scenario';
import { startStack } from '@plumb/sim/stack/stack';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const NODES = arg('nodes', 300);
const SHARDS = arg('shards', 2);
const WARMUP_S = arg('warmup', 60);
const repoRoot = resolve(import.meta.dirname, '../..');

/** Head series and the last evaluation time of its rule groups, summed, from its own /metrics (the stack's servers do not scrape themselves). */
async function measure(url: string): Promise<{ series: number; evalMs: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const values = (name: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(name))
      .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
  const series = values('prometheus_tsdb_head_series ')[0] ?? NaN;
  return { series, evalMs: values('prometheus_rule_group_last_duration_seconds').reduce((a, b) => a + b, 0) * 1000 };
}

async function run(shards: number): Promise<string[]> {
  const work = mkdtempSync(join(tmpdir(), 'plumb-bench-shards-'));
  const stack = await startStack({
    repoRoot,
    workDir: work,
    specPath: join(repoRoot, 'examples/paywave/desired-state.yaml'),
    scenario: loadScenario(join(repoRoot, 'sim/scenarios/default.yaml'), { nodes: NODES }),
    scrapeInterval: '10s',
    evaluationInterval: '10s',
    fast: true,
    shards,
    renderers: await exporterRenderers(),
    log: () => undefined,
  });
  try {
    stack.world.start(Date.now());
    await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
    const lines: string[] = [];
    for (const region of Object.keys(stack.prometheus).sort()) {
      const scrapers = shards > 1 ? (stack.shards[region] ?? []) : [stack.prometheus[region] ?? ''];
      const parts = await Promise.all(scrapers.map(measure));
      const tier = shards > 1 ? await measure(stack.rollups[region] ?? '') : undefined;
      lines.push(
        `  ${region.padEnd(10)} ${shards > 1 ? `${shards} shards` : 'unsharded'}: ` +
          parts.map((p) => `${p.series.toLocaleString('en-US')} series, ${p.evalMs.toFixed(1)} ms rules`).join(' | ') +
          (tier ? `; tier ${tier.series.toLocaleString('en-US')} series, ${tier.evalMs.toFixed(1)} ms rules` : ''),
      );
    }
    return lines;
  } finally {
    await stack.stop();
    rmSync(work, { recursive: true, force: true });
    rmSync(`${work}.previous`, { recursive: true, force: true });
  }
}

process.stdout.write(`sharded-stack bench: ${NODES} nodes in 3 regions, 10 s scrape/evaluation, ${WARMUP_S} s warm-up\n`);
for (const line of await run(1)) process.stdout.write(`${line}\n`);
for (const line of await run(SHARDS)) process.stdout.write(`${line}\n`);
