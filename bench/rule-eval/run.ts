/**
 * bench/rule-eval: how expensive are the compiled rules, next to the cheapest rule that
 * could do the job? For each fleet size, one Prometheus scrapes every simulated node (the
 * worst case: a single region holding the whole fleet) and evaluates, in the same run:
 * - the floor: one rule that reads every `plumb_config_info` series once
 *   (`count by (workload) (plumb_config_info)`), in a group of its own;
 * - the inputs bound: one rule per scraped metric the compiled rules read, reading each
 *   once (bench/rule-eval/inputs.ts): no rules that read those inputs can cost less;
 * - the rules compiled from the example spec (every file `plumb compile` writes).
 * Evaluation times come from Prometheus' `/api/v1/rules` (per group and per rule). It also
 * prints the head series per node and the series one value change creates (a drift injected
 * on a few nodes of a steady fleet, counted by `prometheus_tsdb_head_series_created_total`).
 *
 * With `--baseline-cli <path to another checkout's cli/bin/plumb.mjs>`, the rules that
 * checkout compiles (same spec, same salt) run in the same Prometheus too, renamed
 * `baseline_plumb:*` in a group of their own: before and after side by side.
 *
 * `--engine upstream` runs the same measurement on upstream Prometheus (3.16, built from its
 * Go module by scripts/prometheus/build-prometheus.sh and cached) instead of Debian's 2.42,
 * which every test uses: the engine a fleet installs today, as a peer.
 *
 *   npx tsx bench/rule-eval/run.ts [--nodes 1000,5000,10000] [--interval 15s] [--settle 90] [--engine debian|upstream] [--baseline-cli ../main/cli/bin/plumb.mjs]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { compileModel } from '@plumb/core/compile/compile';
import { METRIC } from '@plumb/core/contract';
import { freePort, loadSpecFile, writeFiles } from '@plumb/io';
import { fileSdPath, writeFileSd } from '@plumb/sim/file-sd';
import { REGIONS } from '@plumb/sim/fleet';
import { exporterRenderers } from '@plumb/sim/renderers';
import { loadScenario } from '@plumb/sim/scenario';
import { startSimServer } from '@plumb/sim/server';
import { instantQuery } from '@plumb/sim/stack/prom-api';
import { startProcess } from '@plumb/sim/stack/process';
import { regionalPrometheus } from '@plumb/sim/stack/prometheus-config';
import { SimWorld } from '@plumb/sim/world';
import { INPUTS_GROUP, inputRules } from './inputs';
import { selfMetric, ruleTimings, type RuleTimings } from './prometheus-timings';

const repoRoot = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000,5000,10000' },
    interval: { type: 'string', default: '15s' },
    settle: { type: 'string', default: '90' },
    spec: { type: 'string', default: join(repoRoot, 'examples/paywave/desired-state.yaml') },
    'baseline-cli': { type: 'string' },
    // Seconds to keep each Prometheus running after its measurement, for ad-hoc queries.
    hold: { type: 'string', default: '0' },
    engine: { type: 'string', default: 'debian' },
  },
});
const ENGINES: Record<string, () => string> = {
  debian: () => 'prometheus',
  upstream: () =>
    execFileSync('bash', [join(repoRoot, 'scripts/prometheus/build-prometheus.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
      .trim()
      .split('\n')
      .pop() ?? '',
};
const engine = ENGINES[values.engine];
if (!engine) throw new Error(`--engine ${values.engine}: expected one of ${Object.keys(ENGINES).join(', ')}`);
const prometheusBin = engine();
const sizes = values.nodes.split(',').map(Number);
const loaded = loadSpecFile(values.spec);
if (!loaded.ok) throw new Error(`${values.spec} does not load`);
const FLOOR_EXPR = 'count by (workload) (plumb_config_info)';
const CHANGED_NODES = 20;

console.log(
  `bench/rule-eval: rules compiled from ${values.spec}; scrape and evaluation every ${values.interval}; ${execFileSync(prometheusBin, ['--version'], { encoding: 'utf8' }).split('\n')[0]}`,
);
console.log(`floor: \`${FLOOR_EXPR}\` in its own group of the same Prometheus; times are medians over the second half of ${values.settle} s`);
console.log(
  'inputs: every scraped metric the compiled rules read, each read once by one `count` in a group of its own (the least any rules reading them can cost)',
);
const baselineCli = values['baseline-cli'];
if (baselineCli) console.log(`baseline: the rules ${baselineCli} compiles, renamed baseline_plumb:*, in the same Prometheus`);
console.log(
  `nodes | head series | series/node | floor s | inputs s | inputs/floor | inputs/own config read | compiled s | compiled/floor | max compiled s |${baselineCli ? ' baseline s | baseline/floor |' : ''} new series per value change | RSS MB`,
);
const rows: { size: number; t: RuleTimings }[] = [];
for (const size of sizes) rows.push({ size, t: await measure(size) });
console.log('\nmost expensive compiled rules at the largest size (seconds, median):');
const last = rows[rows.length - 1];
if (last) for (const [name, s] of last.t.topRules) console.log(`  ${s.toFixed(4)}  ${name}`);
console.log('\nthe inputs bound by input at the largest size (seconds, median):');
if (last) for (const [name, s] of last.t.inputsByMetric) console.log(`  ${s.toFixed(4)}  ${name}`);
console.log("\nthe compiled rules by family at the largest size (seconds, sum of the rules' medians):");
if (baselineCli) console.log('  (compiled, then baseline)');
if (last)
  for (const [name, s] of last.t.families) {
    const before = last.t.baselineFamilies.get(name);
    console.log(`  ${s.toFixed(4)}${baselineCli ? `  ${before === undefined ? '     –' : before.toFixed(4)}` : ''}  ${name}`);
  }
console.log('targets: compiled <= 2x floor at 1,000 nodes; <= 3x floor and <= 1 s at 10,000 nodes');

async function measure(size: number): Promise<RuleTimings> {
  const work = mkdtempSync(join(tmpdir(), `plumb-rule-eval-${size}-`));
  mkdirSync(join(work, 'sd'));
  const salt = Buffer.from(randomBytes(32).toString('hex'));
  const model = loaded.ok ? loaded.model : (undefined as never);
  const compiled = compileModel(model, salt, values.spec).files;
  const ruleFiles = Object.keys(compiled).filter((f) => f.startsWith('plumb-rules'));
  writeFiles(join(work, 'rules'), compiled);
  writeFileSync(join(work, 'rules/floor.yaml'), stringify({ groups: [{ name: 'floor', rules: [{ record: 'bench:floor', expr: FLOOR_EXPR }] }] }));
  const compiledText = ruleFiles.map((f) => compiled[f]).join('\n');
  writeFileSync(join(work, 'rules/inputs.yaml'), stringify({ groups: [{ name: INPUTS_GROUP, rules: inputRules(compiledText, model.settings.scrapeJob) }] }));
  if (baselineCli) {
    writeFileSync(join(work, 'salt'), salt);
    execFileSync('node', [baselineCli, 'compile', values.spec, '--out', join(work, 'baseline'), '--salt-file', join(work, 'salt')], { stdio: 'ignore' });
    writeFileSync(join(work, 'rules/baseline.yaml'), asBaseline(readFileSync(join(work, 'baseline/plumb-rules.yaml'), 'utf8')));
    ruleFiles.push('baseline.yaml');
  }
  // A steady fleet: the scenario's drifts from the start, nothing joining, leaving or reverting,
  // so the only new series after the settle are those the injected change creates.
  const scenario = loadScenario(join(repoRoot, 'sim/scenarios/default.yaml'), { nodes: size });
  scenario.events = scenario.events.filter((e) => e.action === 'drift').map((e) => ({ ...e, at: '0s', revertAfter: undefined }));
  const world = new SimWorld(model, scenario);
  world.start(Date.now());
  const sim = await startSimServer(
    world,
    { salt, hashLength: model.settings.hashLength, maxExposedValueLength: model.settings.maxExposedValueLength },
    await exporterRenderers(),
  );
  writeFileSd(world, join(work, 'sd'), REGIONS, `127.0.0.1:${sim.port}`);
  const port = await freePort();
  const cfg = regionalPrometheus({
    region: 'all',
    scrapeInterval: values.interval,
    evaluationInterval: values.interval,
    ruleFile: join(work, 'rules/floor.yaml'),
    fileSdPath: REGIONS.map((r) => fileSdPath(join(work, 'sd'), r)),
    symptomsTarget: `127.0.0.1:${sim.port}`,
    symptomsPath: '/symptoms/us-east-1/metrics',
    alertmanagers: [],
    exporterJob: model.settings.scrapeJob,
  }) as { rule_files: string[] };
  cfg.rule_files.push(join(work, 'rules/inputs.yaml'), ...ruleFiles.map((f) => join(work, 'rules', f)));
  writeFileSync(join(work, 'prometheus.yml'), stringify(cfg));
  const prom = await startProcess({
    name: 'prometheus',
    command: prometheusBin,
    args: [`--config.file=${join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${join(work, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    logFile: join(work, 'prometheus.log'),
    readyUrl: `http://127.0.0.1:${port}/-/ready`,
    readyTimeoutMs: 120_000,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const t = await ruleTimings(url, Number(values.settle) * 1000);
    console.log(
      `  (${size} nodes: floor ${t.floor.toFixed(3)} s, inputs ${t.inputs.toFixed(3)} s, compiled ${t.compiled.toFixed(3)} s, baseline ${t.baseline.toFixed(3)} s; measuring a value change)`,
    );
    const series = (await selfMetric(url, 'prometheus_tsdb_head_series'))[0] ?? 0;
    const rss = readRss(prom.pid);
    const perChange = await seriesPerValueChange(url, world);
    console.log(
      [
        String(size).padStart(5),
        String(series).padStart(11),
        (series / size).toFixed(1).padStart(11),
        t.floor.toFixed(3).padStart(7),
        t.inputs.toFixed(3).padStart(8),
        (t.inputs / t.floor).toFixed(2).padStart(12),
        (t.inputs / (t.inputsByMetric.find(([name]) => name === METRIC.configInfo)?.[1] ?? Number.NaN)).toFixed(2).padStart(22),
        t.compiled.toFixed(3).padStart(10),
        (t.compiled / t.floor).toFixed(2).padStart(14),
        t.compiledMax.toFixed(3).padStart(14),
        ...(baselineCli ? [t.baseline.toFixed(3).padStart(10), (t.baseline / t.floor).toFixed(2).padStart(14)] : []),
        perChange.toFixed(1).padStart(27),
        (rss / 2 ** 20).toFixed(0).padStart(6),
      ].join(' | '),
    );
    if (Number(values.hold) > 0) {
      console.log(`  holding ${url} for ${values.hold} s`);
      await sleep(Number(values.hold) * 1000);
    }
    return t;
  } finally {
    await prom.stop();
    await sim.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Series created per node whose value changes: a time-zone drift on a few streaming nodes.
 * Counts every series (scraped and recorded) carrying those nodes' `instance` seen in the
 * last 10 minutes, before and three intervals after: the old hash's series stay in the
 * head, so the increase is what the change created.
 */
async function seriesPerValueChange(url: string, world: SimWorld): Promise<number> {
  const intervalMs = Number(values.interval.replace(/s$/, '')) * 1000;
  const truth = world.inject(
    {
      name: 'bench-change',
      at: '0s',
      action: 'drift',
      select: { workload: 'spark-streaming', count: CHANGED_NODES },
      set: {},
      expect: { flagged: false },
    },
    Date.now(),
  );
  const nodes = truth.nodes.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const seen = async () => (await instantQuery(url, `count(last_over_time({instance=~${JSON.stringify(nodes)}}[10m]))`))[0]?.value ?? 0;
  const before = await seen();
  for (const name of truth.nodes) world.nodes.get(name)?.overrides.set('spark.sql.session.timeZone', 'Asia/Tokyo');
  await sleep(3 * intervalMs);
  return ((await seen()) - before) / truth.nodes.length;
}

/** Another build's rules under other names, so they evaluate beside these without clashing. */
function asBaseline(text: string): string {
  return text
    .replace(/\bplumb:/g, 'baseline_plumb:')
    .replace(/- name: plumb\b/g, '- name: baseline')
    .replace(/alert: Plumb/g, 'alert: BaselinePlumb');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function readRss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}
