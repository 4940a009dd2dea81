/**
 * Autoscaling churn is never drift, at any fleet size. Random scale-out and scale-in
 * drive the simulator; every node the fleet holds afterwards (the ones that joined
 * included) is judged through the exporter's own `observe` step and core's evaluator,
 * which agrees with the compiled rules (test/rules/evaluator-agrees.test.ts), and the
 * consistency rules are decided against each cohort's modal hash as Prometheus does.
 * Service discovery never lists a node that stopped answering, so a scaled-in node
 * cannot be counted unknown; it keeps answering for the documented grace after it
 * leaves discovery (`RETIRE_GRACE_MS`), as a drained node does before it terminates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observe, type ObserveContext } from '@plumb/exporter/collect/observe';
import { evaluateRule } from '@plumb/core/evaluate/evaluate';
import { loadSpecFile } from '@plumb/io';
import type { DimensionRule, Model } from '@plumb/core/spec/model';
import { compliantValue } from './baseline';
import { REGIONS } from './fleet';
import { loadScenario, ScenarioSchema, type ScenarioEvent } from './scenario';
import { RETIRE_GRACE_MS, SimWorld, type NodeSim } from './world';

const spec = loadSpecFile(new URL('../../examples/paywave/desired-state.yaml', import.meta.url).pathname);
if (!spec.ok) throw new Error('example spec must load');
const model: Model = spec.model;
// The default scenario's compliant values for what the spec cannot imply (version patterns).
const baseline = loadScenario(new URL('../scenarios/default.yaml', import.meta.url).pathname).baseline;
const ctx: ObserveContext = {
  salt: new TextEncoder().encode('plumb-churn-property-salt'),
  hashLength: model.settings.hashLength,
  maxExposedValueLength: model.settings.maxExposedValueLength,
};
const WORKLOADS = ['airflow-worker', 'spark-streaming', 'spark-batch', 'dbt-runner', 'kafka-consumer'];

const churnEvent = fc.record({
  add: fc.boolean(),
  workload: fc.constantFrom(...WORKLOADS),
  region: fc.option(fc.constantFrom(...REGIONS), { nil: undefined }),
  count: fc.integer({ min: 1, max: 40 }),
  gapSeconds: fc.integer({ min: 1, max: 45 }),
});

function scenarioEvents(steps: { add: boolean; workload: string; region: string | undefined; count: number; gapSeconds: number }[]): ScenarioEvent[] {
  let at = 0;
  return steps.map((s, i) => {
    at += s.gapSeconds;
    return {
      name: `churn-${i}`,
      at: `${at}s`,
      action: s.add ? 'add-nodes' : 'remove-nodes',
      select: { workload: s.workload, ...(s.region ? { region: s.region } : {}) },
      count: s.count,
      expect: { flagged: false },
    };
  });
}

/** What the compiled rules would flag on `sim`, given the hashes of the whole fleet. */
function flaggedDimensions(world: SimWorld, sim: NodeSim, cohortHashes: Map<string, Map<string, number>>): string[] {
  const flagged: string[] = [];
  const scope = { node: sim.node.identity.node, region: sim.node.identity.region, instanceType: sim.node.identity.instanceType, pool: sim.node.identity.pool };
  for (const rule of model.rules) {
    if (!sim.node.workloads.includes(rule.workload)) continue;
    const { observation, canonical } = observe(
      rule,
      world.valueOf(sim, rule.key, () => compliantValue(rule, sim.node, baseline)),
      'sim',
      ctx,
    );
    const verdict = evaluateRule(rule, scope, canonical, { nowSeconds: 0, maxExposedValueLength: model.settings.maxExposedValueLength });
    if (verdict.status === 'drift' || verdict.status === 'unknown') flagged.push(`${rule.id}: ${verdict.status}`);
    if (verdict.status === 'cohort' && isCohortMinority(cohortHashes.get(cohortKey(rule, sim)), observation.hash)) flagged.push(`${rule.id}: cohort minority`);
  }
  return flagged;
}

function cohortKey(rule: DimensionRule, sim: NodeSim): string {
  const by = rule.check.kind === 'consistency' ? rule.check.by : [];
  const id = sim.node.identity;
  return [rule.id, ...by.map((b) => (b === 'region' ? id.region : b === 'pool' ? id.pool : id.instanceType))].join('\0');
}

/** The consistency rule: a hash is drift when its count is below a unique modal count. */
function isCohortMinority(counts: Map<string, number> | undefined, hash: string): boolean {
  if (!counts) return false;
  const max = Math.max(...counts.values());
  const modal = [...counts.values()].filter((c) => c === max).length;
  return modal === 1 && (counts.get(hash) ?? 0) < max;
}

function cohorts(world: SimWorld): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const sim of world.nodes.values()) {
    for (const rule of model.rules) {
      if (rule.check.kind !== 'consistency' || !sim.node.workloads.includes(rule.workload)) continue;
      const { observation } = observe(
        rule,
        world.valueOf(sim, rule.key, () => compliantValue(rule, sim.node, baseline)),
        'sim',
        ctx,
      );
      const key = cohortKey(rule, sim);
      const counts = out.get(key) ?? new Map<string, number>();
      counts.set(observation.hash, (counts.get(observation.hash) ?? 0) + 1);
      out.set(key, counts);
    }
  }
  return out;
}

describe('autoscaling churn in the simulator', () => {
  it('never makes a joining, leaving or staying node drift or unknown, at any fleet size from 60 to 1,000 nodes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 60, max: 1000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(churnEvent, { minLength: 1, maxLength: 6 }),
        (size, seed, steps) => {
          const events = scenarioEvents(steps);
          const world = new SimWorld(model, ScenarioSchema.parse({ name: 'churn', nodes: size, seed, baseline, events }));
          world.start(0);
          for (const event of events) {
            const at = Number(event.at.slice(0, -1)) * 1000;
            world.tick(at);
            const hashes = cohorts(world);
            for (const sim of world.nodes.values()) {
              expect(flaggedDimensions(world, sim, hashes), `${sim.node.identity.node} after ${event.name} (size ${size}, seed ${seed})`).toEqual([]);
              // Discovery lists exactly the live nodes; each of them answers.
              expect(sim.silent || sim.failedCollector !== undefined).toBe(false);
            }
            // A removed node leaves discovery at once and answers until its grace ends.
            for (const name of world.retiring.keys()) expect(world.nodes.has(name), `${name} left discovery`).toBe(false);
          }
          world.tick(Number(events.at(-1)?.at.slice(0, -1) ?? 0) * 1000 + RETIRE_GRACE_MS);
          expect(world.retiring.size).toBe(0);
        },
      ),
      { numRuns: 40, seed: 20261130 },
    );
  });
});
