/**
 * Autoscaling churn must never read as drift in the compiled rules. Prometheus evaluates
 * the rules of a group one after another, each reading the TSDB at its own moment, so a
 * scrape that lands between two rules tears their view for one cycle: a node joining or
 * leaving discovery can be in the records written before the drift rules
 * (`plumb:node_info:last`, `plumb:node_workload:reported`) and not yet (or no longer) in its
 * scraped series, or the other way round. Random scale-out and scale-in from the
 * simulator, with every node's series rendered from its simulated state and each record
 * torn at random at each join and leave, go through the real `promtool test rules`
 * (the absence, drift and drift-label rules and what they read): no drift, at any minute. When the rules
 * read labeled copies of the config series, this flagged leaving nodes as "not a number".
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { observe } from '@plumb/exporter/collect/observe';
import { loadSpecFile } from '@plumb/io';
import { compliantValue } from '@plumb/sim/baseline';
import { loadScenario, ScenarioSchema } from '@plumb/sim/scenario';
import { SimWorld, type NodeSim } from '@plumb/sim/world';
import { RECORD } from '@plumb/core/contract';
import { requiredParts } from '@plumb/core/compile/required-dimensions';
import { compileSpecRules, JOB, labels, onlyRecording, promtoolTest, TEST_SALT, type InputSeries } from './harness';

const SPEC = 'examples/paywave/desired-state.yaml';
const loaded = loadSpecFile(SPEC);
if (!loaded.ok) throw new Error('example spec must load');
const model = loaded.model;
// The default scenario's compliant values for what the spec cannot imply (version patterns).
const baseline = loadScenario('sim/scenarios/default.yaml').baseline;
const ctx = { salt: TEST_SALT, hashLength: model.settings.hashLength, maxExposedValueLength: model.settings.maxExposedValueLength };
/** Minutes of simulated time; one scrape and one rule evaluation per minute. */
const HORIZON = 12;

/** promtool values for a series present in minutes [from, to), stale right after. */
function presence(from: number, to: number, value: number): string {
  return Array.from({ length: HORIZON + 1 }, (_, m) => (m >= from && m < to ? String(value) : m === to ? 'stale' : '_')).join(' ');
}

interface Lifetime {
  sim: NodeSim;
  joined: number;
  left: number;
}

/** Raw series of a node for its lifetime, and the records read by the drift rules, each of which may lag a cycle at each end. */
function seriesOf({ sim, joined, left }: Lifetime, tear: () => number): InputSeries[] {
  const id = sim.node.identity;
  const instance = id.node;
  const nodeLabels = { instance, node: id.node, region: id.region, instance_type: id.instanceType, pool: id.pool, platform: id.platform };
  const out: InputSeries[] = [
    { series: labels('up', { instance, job: JOB }), values: presence(joined, left, 1) },
    { series: labels(RECORD.nodeInfoLast, nodeLabels), values: presence(joined + tear(), left + tear(), 1) },
  ];
  const reported = new Set<string>();
  for (const rule of model.rules) {
    if (!sim.node.workloads.includes(rule.workload)) continue;
    const { observation: o } = observe(rule, compliantValue(rule, sim.node, baseline), 'sim', ctx);
    reported.add(rule.id);
    const info = { workload: o.workload, dimension: o.dimension, hash: o.hash, value: o.value };
    out.push({ series: labels('plumb_config_info', { instance, job: JOB, ...info }), values: presence(joined, left, 1) });
    if (o.numeric === undefined) continue;
    const dim = { workload: o.workload, dimension: o.dimension };
    out.push({ series: labels('plumb_config_value', { instance, job: JOB, ...dim }), values: presence(joined, left, o.numeric) });
  }
  // As the workload record writes them: per part of a workload it runs, the mask of the required dimensions it reports.
  for (const p of requiredParts(model)) {
    if (!sim.node.workloads.includes(p.workload)) continue;
    const mask = p.rules.reduce((m, r, bit) => m + (reported.has(r.id) ? 2 ** bit : 0), 0);
    out.push({
      series: labels(RECORD.nodeWorkloadReported, { instance, workload: p.workload, part: p.part }),
      values: presence(joined + tear(), left + tear(), mask),
    });
  }
  return out;
}

/** Runs random churn through the simulator and returns every node that joined or left, with when. */
function churnLifetimes(size: number, seed: number, steps: { add: boolean; workload: string; count: number }[]): Lifetime[] {
  const events = steps.map((s, i) => ({
    name: `churn-${i}`,
    at: `${i + 1}m`,
    action: s.add ? 'add-nodes' : 'remove-nodes',
    select: { workload: s.workload },
    count: s.count,
    expect: { flagged: false },
  }));
  const world = new SimWorld(model, ScenarioSchema.parse({ name: 'churn', nodes: size, seed, baseline, events }));
  world.start(0);
  const joined = new Map<string, number>();
  const left = new Map<string, number>();
  const all = new Map<string, NodeSim>([...world.nodes].map(([k, v]) => [k, v]));
  for (let minute = 1; minute <= steps.length; minute++) {
    world.tick(minute * 60_000);
    for (const [name, sim] of world.nodes) if (!all.has(name)) (all.set(name, sim), joined.set(name, minute));
    for (const name of world.removed) if (!left.has(name)) left.set(name, minute);
  }
  return [...all.values()]
    .filter((sim) => joined.has(sim.node.identity.node) || left.has(sim.node.identity.node))
    .map((sim) => ({ sim, joined: joined.get(sim.node.identity.node) ?? 0, left: left.get(sim.node.identity.node) ?? HORIZON + 1 }));
}

describe('compiled rules under autoscaling churn', () => {
  let rules = '';
  beforeAll(() => {
    rules = onlyRecording(compileSpecRules(SPEC), RECORD.nodeWorkloadIncomplete, RECORD.configAbsent, RECORD.driftUnlabeled, RECORD.drift);
  });

  it('never flag a node that joins or leaves, whichever label record a scrape lands between', async () => {
    const workload = fc.constantFrom('airflow-worker', 'spark-streaming', 'spark-batch', 'dbt-runner', 'kafka-consumer');
    const cases = fc.sample(
      fc.record({
        size: fc.integer({ min: 60, max: 1000 }),
        seed: fc.integer({ min: 1, max: 10_000 }),
        tears: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 64, maxLength: 64 }),
        steps: fc.array(fc.record({ add: fc.boolean(), workload, count: fc.integer({ min: 1, max: 8 }) }), { minLength: 2, maxLength: 6 }),
      }),
      { numRuns: 4, seed: 20261130 },
    );
    for (const c of cases) {
      let k = 0;
      const tear = () => c.tears[k++ % c.tears.length] ?? 0;
      const lifetimes = churnLifetimes(c.size, c.seed, c.steps);
      expect(lifetimes.length, 'the churn moved some nodes').toBeGreaterThan(0);
      const result = await promtoolTest(rules, {
        input_series: lifetimes.flatMap((l) => seriesOf(l, tear)),
        promql_expr_test: Array.from({ length: HORIZON }, (_, m) => ({ expr: 'plumb:config_drift:info', eval_time: `${m}m`, exp_samples: [] })),
      });
      expect(result.output, `size ${c.size}, seed ${c.seed}, steps ${JSON.stringify(c.steps)}`).toContain('SUCCESS');
    }
  });
});
