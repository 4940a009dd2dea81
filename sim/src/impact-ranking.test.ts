/**
 * The default scenario's answer, checked from what the simulator serves: the symptom
 * exposition is read back by the contract's metric names (as the spec's symptom queries
 * name them), counters turned into rates as Prometheus would, and ranked with the same
 * `rankImpact` the Impact page uses. The time-zone, low-fetch-size and auto-commit
 * cohorts come first; without a cohort's symptom, it does not.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYMPTOM_METRICS } from '@plumb/core/contract';
import { rankImpact } from '@plumb/core/impact/rank';
import type { DriftSample, SymptomSample, WorkloadMember } from '@plumb/core/impact/types';
import { loadSpecText } from '@plumb/core/spec/load';
import { loadScenario } from './scenario';
import { SymptomSource } from './symptoms';
import { SimWorld } from './world';

const REPO = resolve(import.meta.dirname, '../..');
const loaded = loadSpecText(readFileSync(join(REPO, 'examples/paywave/desired-state.yaml'), 'utf8'), 'desired-state.yaml');
if (!loaded.ok) throw new Error('the example spec does not load');
const model = loaded.model;
const COUNTERS = new Set<string>(Object.values(SYMPTOM_METRICS).flatMap((m) => (m.type === 'counter' ? [m.name] : [])));

/** metric → node → summed value, from Prometheus text. */
function readExposition(text: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    const node = m?.[2] && /(?:^|,)node="([^"]+)"/.exec(m[2])?.[1];
    if (!m || !node) continue;
    const byNode = out.get(m[1]!) ?? new Map<string, number>();
    out.set(m[1]!, byNode);
    byNode.set(node, (byNode.get(node) ?? 0) + Number(m[3]));
  }
  return out;
}

/** Ranks the default scenario after its drifts, with `mute` cohorts' symptoms taken away. */
function rankDefaultScenario(mute: readonly string[] = []) {
  const scenario = loadScenario(join(REPO, 'sim/scenarios/default.yaml'), { nodes: 300 });
  const world = new SimWorld(model, scenario);
  world.start(0);
  world.tick(200_000);
  world.tick(200_000); // events an event schedules (a flap's revert) run on the next tick
  for (const record of world.truth) if (mute.includes(record.event.name)) for (const node of record.nodes) world.nodes.get(node)?.symptomLevels.clear();
  const source = new SymptomSource(scenario);
  const live = [...world.nodes.values()].filter((n) => !n.silent);
  const before = readExposition(source.render(live, 200_000));
  const after = readExposition(source.render(live, 500_000));

  const samples: SymptomSample[] = [];
  for (const symptom of model.symptoms) {
    // The contract's metric names the spec's query reads; a rate for counters, as `rate()` gives.
    const metrics = Object.values(SYMPTOM_METRICS).filter((m) => new RegExp(`\\b${m.name}\\b`).test(symptom.query));
    const perNode = new Map<string, number>();
    for (const { name } of metrics)
      for (const [node, value] of after.get(name) ?? [])
        perNode.set(node, (perNode.get(node) ?? 0) + (COUNTERS.has(name) ? (value - (before.get(name)?.get(node) ?? 0)) / 300 : value));
    for (const [node, value] of perNode) samples.push({ symptom: symptom.name, node, value });
  }
  const members: WorkloadMember[] = [...world.nodes.values()].flatMap((n) =>
    n.node.workloads.map((workload) => ({ node: n.node.identity.node, region: n.node.identity.region, workload })),
  );
  const drift: DriftSample[] = [];
  for (const record of world.truth) {
    if (record.event.action !== 'drift' || record.event.expect?.flagged === false || record.revertedAtMs !== undefined) continue;
    for (const [dimension, value] of Object.entries(record.event.set ?? {}))
      for (const node of record.nodes) {
        const sim = world.nodes.get(node)!;
        const rule = model.rules.find((r) => r.key === dimension && sim.node.workloads.includes(r.workload))!;
        drift.push({
          node,
          region: sim.node.identity.region,
          workload: rule.workload,
          dimension,
          hash: String(value),
          value: String(value),
          severity: rule.severity,
        });
      }
  }
  const unknownNodes = [...world.nodes.values()].filter((n) => n.silent).map((n) => n.node.identity.node);
  return { ranked: rankImpact({ drift, members, symptoms: model.symptoms, samples, unknownNodes }), samples };
}

const TOP = ['enable.auto.commit', 'fetch.min.bytes', 'spark.sql.session.timeZone'];

describe("the default scenario's impact ranking, from the simulator's own symptom output", () => {
  it('Every symptom the simulator serves is read through a contract metric the spec names.', () => {
    const { samples } = rankDefaultScenario();
    expect([...new Set(samples.map((s) => s.symptom))].sort()).toEqual(['consumer_lag', 'dq_failures', 'duplicate_loads']);
  });

  it('The time-zone, low-fetch-size and auto-commit cohorts rank first, each by the symptom it causes.', () => {
    const { ranked } = rankDefaultScenario();
    expect(
      ranked
        .slice(0, 3)
        .map((r) => r.cohort.dimension)
        .sort(),
    ).toEqual(TOP);
    expect(ranked.slice(3).every((r) => r.score < ranked[2]!.score)).toBe(true);
    expect(Object.fromEntries(ranked.slice(0, 3).map((r) => [r.cohort.dimension, r.top?.symptom]))).toEqual({
      'enable.auto.commit': 'duplicate_loads',
      'fetch.min.bytes': 'consumer_lag',
      'spark.sql.session.timeZone': 'dq_failures',
    });
  });

  it.each([
    { event: 'tz-hotfix', dimension: 'spark.sql.session.timeZone' },
    { event: 'low-fetch-min-bytes', dimension: 'fetch.min.bytes' },
    { event: 'auto-commit-loaders', dimension: 'enable.auto.commit' },
  ])('Without the symptom $event causes, the $dimension cohort is no longer among the first.', ({ event, dimension }) => {
    const { ranked } = rankDefaultScenario([event]);
    const others = ranked.filter((r) => r.cohort.dimension !== dimension);
    const muted = ranked.find((r) => r.cohort.dimension === dimension)!;
    expect(muted.score).toBeLessThan(others.filter((r) => TOP.includes(r.cohort.dimension))[1]!.score);
    expect(muted.top === undefined || muted.top.score < 0.5 * others[0]!.score).toBe(true);
  });
});
