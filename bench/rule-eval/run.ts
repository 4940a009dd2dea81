/**
 * bench/rule-eval: how expensive are the compiled rules? For each fleet size, one
 * Prometheus scrapes every simulated node (the worst case: a single region holding
 * the whole fleet) and evaluates the rules compiled from the example spec. Prints the
 * summed rule-group evaluation time (`prometheus_rule_group_last_duration_seconds`),
 * the head series count and Prometheus' RSS.
 *
 *   npx tsx bench/rule-eval/run.ts [--sizes 1000,5000] [--interval 15s] [--settle 120]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { compileModel } from '@plumb/core/compile/compile';
import { loadSpecFile, writeFiles } from '@plumb/io';
import { fileSdPath, writeFileSd } from '@plumb/sim/file-sd';
import { REGIONS } from '@plumb/sim/fleet';
import { exporterRenderers } from '@plumb/sim/renderers';
import { loadScenario } from '@plumb/sim/scenario';
import { startSimServer } from '@plumb/sim/server';
import { instantQuery } from '@plumb/sim/stack/prom-api';
import { freePort } from '@plumb/io';
import { startProcess } from '@plumb/sim/stack/process';
import { regionalPrometheus } from '@plumb/sim/stack/prometheus-config';
import { SimWorld } from '@plumb/sim/world';

const repoRoot = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '1000,5000' }, interval: { type: 'string', default: '15s' }, settle: { type: 'string', default: '120' } },
});
const sizes = values.sizes.split(',').map(Number);
const specPath = join(repoRoot, 'examples/paywave/desired-state.yaml');
const loaded = loadSpecFile(specPath);
if (!loaded.ok) throw new Error('example spec does not load');

console.log(
  `bench/rule-eval: rules compiled from ${specPath}; scrape and evaluation every ${values.interval}; Prometheus ${execFileSync('prometheus', ['--version'], { encoding: 'utf8' }).split('\n')[0]}`,
);
console.log('nodes | rule groups | eval seconds (sum of groups, max over samples) | head series | Prometheus RSS MB');
for (const size of sizes) {
  const work = mkdtempSync(join(tmpdir(), `plumb-rule-eval-${size}-`));
  mkdirSync(join(work, 'sd'));
  const saltFile = join(work, 'salt');
  writeFileSync(saltFile, randomBytes(32).toString('hex'));
  writeFiles(join(work, 'rules'), compileModel(loaded.model, Buffer.from(readFileSync(saltFile, 'utf8')), specPath).files);
  const scenario = loadScenario(join(repoRoot, 'sim/scenarios/default.yaml'), { nodes: size });
  const world = new SimWorld(loaded.model, scenario);
  world.start(Date.now());
  const sim = await startSimServer(
    world,
    {
      salt: Buffer.from(readFileSync(saltFile, 'utf8')),
      hashLength: loaded.model.settings.hashLength,
      maxExposedValueLength: loaded.model.settings.maxExposedValueLength,
    },
    await exporterRenderers(),
  );
  writeFileSd(world, join(work, 'sd'), REGIONS, `127.0.0.1:${sim.port}`);
  const port = await freePort();
  const cfg = join(work, 'prometheus.yml');
  writeFileSync(
    cfg,
    stringify(
      regionalPrometheus({
        region: 'all',
        scrapeInterval: values.interval,
        evaluationInterval: values.interval,
        ruleFile: join(work, 'rules/plumb-rules.yaml'),
        fileSdPath: REGIONS.map((r) => fileSdPath(join(work, 'sd'), r)),
        symptomsTarget: `127.0.0.1:${sim.port}`,
        symptomsPath: '/symptoms/us-east-1/metrics',
        alertmanagers: [],
        exporterJob: loaded.model.settings.scrapeJob,
      }),
    ),
  );
  const prom = await startProcess({
    name: 'prometheus',
    command: 'prometheus',
    args: [`--config.file=${cfg}`, `--storage.tsdb.path=${join(work, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    logFile: join(work, 'prometheus.log'),
    readyUrl: `http://127.0.0.1:${port}/-/ready`,
    readyTimeoutMs: 60_000,
  });
  const url = `http://127.0.0.1:${port}`;
  const settle = Number(values.settle) * 1000;
  const start = Date.now();
  let maxEval = 0;
  let groups = 0;
  while (Date.now() - start < settle) {
    await new Promise((r) => setTimeout(r, 5000));
    const g = await selfMetric(url, 'prometheus_rule_group_last_duration_seconds');
    groups = g.length;
    const sum = g.reduce((a, v) => a + v, 0);
    if (Date.now() - start > settle / 2) maxEval = Math.max(maxEval, sum);
  }
  const series = (await selfMetric(url, 'prometheus_tsdb_head_series'))[0] ?? 0;
  const rss = readRss(prom.pid);
  const drifted = (await instantQuery(url, 'count(plumb:config_drift:info)'))[0]?.value ?? 0;
  if (drifted === 0) console.log(`  (warning: no drift series at ${size} nodes; the rules may not have evaluated)`);
  console.log(
    `${String(size).padStart(5)} | ${String(groups).padStart(11)} | ${maxEval.toFixed(3).padStart(46)} | ${String(series).padStart(11)} | ${(rss / 2 ** 20).toFixed(0).padStart(17)}`,
  );
  await prom.stop();
  await sim.close();
}
console.log('target: <= 1 s per evaluation at 1,000 nodes');

/** Values of one metric from Prometheus' own /metrics page (its self-metrics are not in its TSDB). */
async function selfMetric(url: string, name: string): Promise<number[]> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
}

function readRss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}
