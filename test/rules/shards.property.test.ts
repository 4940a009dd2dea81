/**
 * Shard-safe by construction: a region split over N `hashmod` shards, each evaluating the
 * level-1 rules on its own nodes, with the regional tier evaluating the level-2 rules on
 * what it federates from them (each shard's series with `shard`, `instance` and `job`
 * labels, as federation adds them), gives the same rollups as one Prometheus that holds
 * every node. Consistency included: the regional tier sums the shards' hash counts and
 * records the majority, each shard reads it back, and the union of the shards' drift
 * equals the unsharded drift. The region-wide alerts too (widespread drift, the handler's
 * circuit breaker, and the symptom SLO breach that blocks disruptive actions): the tier
 * fires exactly the unsharded alerts from the summed pool counts and symptom partials, and
 * every shard, told by the tier that the region is sharded, fires none of its own. Random fleets,
 * random shard assignment, real promtool.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel, GLOBAL_RULE_FILE, RULE_FILE } from '@plumb/core/compile/compile';
import { ALERT, RECORD, SHARD_FEDERATED_RECORDS } from '@plumb/core/contract';
import { loadSpecFile } from '@plumb/io';
import { healthyNode, labels, observed, SPEC_FILE, TEST_SALT, type InputSeries, type TestNode, withCollectorStatus } from './harness';
import { canonical, promtoolQuery, type Sample } from './promtool-query';

const loaded = loadSpecFile(SPEC_FILE);
if (!loaded.ok) throw new Error('rules-test spec must load');
const dir = mkdtempSync(join(tmpdir(), 'plumb-shards-'));
const compiled = compileModel(loaded.model, TEST_SALT, SPEC_FILE).files;
const level1 = join(dir, RULE_FILE);
const level2 = join(dir, GLOBAL_RULE_FILE);
writeFileSync(level1, compiled[RULE_FILE] ?? '');
writeFileSync(level2, compiled[GLOBAL_RULE_FILE] ?? '');

const EVAL = '10m';
const MINUTES = 12;
/** Every rollup a consumer reads from the regional tier. */
const ROLLUPS = [
  RECORD.nodesCount,
  RECORD.driftNodesCount,
  RECORD.driftNodesRatio,
  RECORD.unknownNodesCount,
  RECORD.compliantNodesCount,
  RECORD.poolDriftNodesCount,
  RECORD.poolNodesCount,
  RECORD.poolDriftRatio,
  RECORD.nodeStateCount,
  RECORD.complianceRatio,
];
/** What the tier federates from each shard (the contract's list, as the stack and the docs use it). */
const FEDERATED = SHARD_FEDERATED_RECORDS;
const nameIs = (names: readonly string[]) => `{__name__=~"${names.join('|')}"}`;
/** The region-wide alerts: the handler's circuit breaker and the symptom SLO block. */
const REGION_ALERTS = `ALERTS{alertname=~"${ALERT.widespreadDrift}|${ALERT.symptomSLOBreach}"}`;

interface FleetNode extends TestNode {
  workload: 'kafka-consumer' | 'spark-batch';
  secret: string;
  autoCommit: boolean;
  memory: string;
  eventLog: boolean;
  collectorFailed: boolean;
  /** Consumer lag the node reports (kafka consumers): the spec's SLO is a region sum over 1,000. */
  lag: number;
  shard: number;
}

const nodeArb = (shards: number) =>
  fc.record({
    region: fc.constantFrom('us-east-1', 'eu-west-1'),
    pool: fc.constantFrom('a', 'b'),
    workload: fc.constantFrom('kafka-consumer' as const, 'spark-batch' as const),
    secret: fc.constantFrom('s1', 's1', 's1', 's2', 's2', 's3'),
    autoCommit: fc.boolean(),
    memory: fc.constantFrom('8g', '8g', '4g'),
    eventLog: fc.constantFrom(true, true, true, false),
    collectorFailed: fc.constantFrom(false, false, false, false, true),
    lag: fc.constantFrom(0, 150, 400, 700),
    shard: fc.integer({ min: 0, max: shards - 1 }),
  });

const fleetArb = fc
  .integer({ min: 2, max: 3 })
  .chain((shards) => fc.tuple(fc.constant(shards), fc.array(nodeArb(shards), { minLength: 4, maxLength: 14 })))
  .map(([shards, nodes]) => ({ shards, nodes: nodes.map((n, i): FleetNode => ({ ...n, name: `node-${i}` })) }));

/** The scraped series of one node. */
function seriesOf(n: FleetNode): InputSeries[] {
  const base = n.collectorFailed ? withCollectorStatus(healthyNode(n, MINUTES), `0x${MINUTES}`) : healthyNode(n, MINUTES);
  const v = `1x${MINUTES}`;
  if (n.workload === 'kafka-consumer')
    return [
      ...base,
      ...observed(n, n.workload, 'KAFKA_SASL_PASSWORD', n.secret, { values: v }),
      ...observed(n, n.workload, 'enable.auto.commit', n.autoCommit, { type: 'bool', values: v }),
      { series: labels('kafka_lag', { node: n.name }), values: `${n.lag}x${MINUTES}` },
    ];
  return [
    ...base,
    ...observed(n, n.workload, 'spark.executor.memory', n.memory, { values: v }),
    ...(n.eventLog ? observed(n, n.workload, 'spark.eventLog.enabled', true, { type: 'bool', values: v }) : []),
  ];
}

/** Samples as input series of another Prometheus, with labels added (what federation brings). */
function asInput(samples: Sample[], extra: Record<string, string>): InputSeries[] {
  return samples.map((s) => ({ series: labels(s.labels.__name__ ?? '', { ...s.labels, __name__: undefined, ...extra }), values: `${s.value}x${MINUTES}` }));
}

const alertsSeen = new Set<string>();

const tieNode = (name: string, secret: string, shard: number): FleetNode => ({
  name,
  region: 'us-east-1',
  pool: 'a',
  workload: 'kafka-consumer',
  secret,
  autoCommit: false,
  memory: '8g',
  eventLog: true,
  collectorFailed: false,
  lag: 0,
  shard,
});
const TIE_OVER_SHARDS = [tieNode('node-0', 's2', 1), tieNode('node-1', 's1', 0), tieNode('node-2', 's2', 0), tieNode('node-3', 's1', 0)];

describe('rollups over shards', () => {
  it('equal the unsharded rollups, drift and region-wide alerts, consistency majorities included', async () => {
    await fc.assert(
      fc.asyncProperty(fleetArb, async ({ shards, nodes }) => {
        const all = nodes.flatMap(seriesOf);
        const unsharded = await promtoolQuery([level1], all, nameIs([...ROLLUPS, RECORD.drift]), EVAL);

        const shardIds = Array.from({ length: shards }, (_, s) => s);
        const inShard = (s: number) => nodes.filter((n) => n.shard === s).flatMap(seriesOf);
        const fromShard = (s: number) => ({ shard: String(s), instance: `prometheus-${s}:9090`, job: 'federate' });
        // Each shard alone counts its nodes per hash; the regional tier sums them, records the majority and counts the shards.
        const counts = await Promise.all(
          shardIds.map((s) => promtoolQuery([level1], inShard(s), nameIs([RECORD.configHashNodesCount, RECORD.nodesCount]), EVAL)),
        );
        const modes = await promtoolQuery(
          [level2],
          counts.flatMap((c, s) => asInput(c, fromShard(s))),
          nameIs([RECORD.configHashMode, RECORD.regionShardsCount]),
          EVAL,
        );
        // Steady state: each shard reads the majority back (federated down) and decides its own nodes.
        const steady = await Promise.all(
          shardIds.map((s) => promtoolQuery([level1], [...inShard(s), ...asInput(modes, {})], nameIs([...FEDERATED, RECORD.drift]), EVAL)),
        );
        const drift = steady.flat().filter((x) => x.labels.__name__ === RECORD.drift);
        // The regional tier sums what it federates from the shards and recomputes the ratios.
        const federated = steady.flatMap((samples, s) =>
          asInput(
            samples.filter((x) => x.labels.__name__ !== RECORD.drift),
            fromShard(s),
          ),
        );
        const regional = await promtoolQuery([level2], federated, nameIs(ROLLUPS), EVAL);
        const sums = regional.filter((x) => x.labels.shard === undefined);
        const tierAlerts = await promtoolQuery([level2], federated, REGION_ALERTS, EVAL);
        const shardAlerts = await Promise.all(shardIds.map((s) => promtoolQuery([level1], [...inShard(s), ...asInput(modes, {})], REGION_ALERTS, EVAL)));
        const unshardedAlerts = await promtoolQuery([level1], all, REGION_ALERTS, EVAL);

        const expected = canonical(unsharded.filter((s) => s.labels.__name__ !== RECORD.drift));
        expect(canonical(sums)).toEqual(expected);
        expect(canonical(drift)).toEqual(canonical(unsharded.filter((s) => s.labels.__name__ === RECORD.drift)));
        expect(canonical(tierAlerts)).toEqual(canonical(unshardedAlerts));
        expect(shardAlerts.flat()).toEqual([]);
        for (const a of unshardedAlerts) alertsSeen.add(a.labels.alertname ?? '');
      }),
      {
        numRuns: Number(process.env.PLUMB_PROPERTY_RUNS ?? 4),
        seed: Number(process.env.PLUMB_PROPERTY_SEED ?? 17),
        // Found by a longer run: a 2-2 tie over the region is a 2-1 majority on one shard, which
        // flagged a node there while the unsharded region flags nobody.
        examples: [[{ shards: 2, nodes: TIE_OVER_SHARDS }]],
      },
    );
    // The fleets must make both alerts fire, or the alert comparison proves nothing.
    expect([...alertsSeen].sort()).toEqual([ALERT.widespreadDrift, ALERT.symptomSLOBreach].sort());
  }, 600_000);
});
