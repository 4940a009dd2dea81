/**
 * Level 2: the rules of the tier above the shards (the regional Prometheus that
 * federates each `hashmod` shard's rollups, each shard adding its `shard` external
 * label). Every level-1 rollup is a count, so the region's value is the sum over its
 * shards; ratios are recomputed from the summed counts, never averaged. The sums keep
 * the contract's names and labels (without `shard`, `instance` or `job`), so a consumer that reads the
 * region's rollups reads the same series sharded or not; federate upward only
 * `{shard=""}`. Consistency: the per-shard hash counts are summed and the cohort's
 * unique mode recorded, for each shard to read back (see drift-consistency.ts).
 *
 * In an unsharded Prometheus no series has a `shard` label, so the sums are empty and
 * the mode equals the one the level-1 rules compute themselves.
 *
 * The widespread-drift and symptom SLO alerts need the whole region, so they are decided
 * here from the summed counts and partials; `plumb:region_shards:count`, read back by the
 * shards, silences theirs.
 */
import type { Model } from '../spec/model';
import { symptomAlerts, widespreadAlert } from './alert-rules';
import { SYMPTOM_REGION_PARTS } from './symptom-rules';
import { cohortOf, uniqueMode } from './drift-consistency';
import { indent, selector, type Matcher } from './promql';
import { labelList, type RecordingRule, type RuleGroup } from './rules';
import { RECORD } from '../contract/metrics';

/** The name of the level-2 group. */
export const GLOBAL_GROUP_NAME = 'plumb-global';

/**
 * Level-1 counts the tier above sums over shards, with their labels, in the order they
 * are recorded. `sum by` these labels, not `without (shard)`: a federation scrape adds
 * `instance` and `job` of the shard it read, which would keep the shards apart.
 */
export const SUMMED_COUNTS: readonly (readonly [string, readonly string[]])[] = [
  [RECORD.nodesCount, ['region', 'workload']],
  [RECORD.driftNodesCount, ['region', 'workload', 'severity']],
  [RECORD.unknownNodesCount, ['region']],
  [RECORD.compliantNodesCount, ['region', 'workload']],
  [RECORD.poolDriftNodesCount, ['region', 'pool', 'workload', 'dimension', 'severity']],
  [RECORD.poolNodesCount, ['region', 'pool', 'workload']],
  [RECORD.nodeStateCount, ['region', 'state']],
];

const summed = ([record, by]: readonly [string, readonly string[]]): RecordingRule => ({
  record,
  expr: `sum by (${labelList(by)}) (${selector(record, [['shard', '!=', '']])})`,
});
const region = (record: string, ...extra: Matcher[]) => selector(record, [['shard', '=', ''], ...extra]);

/** The region's symptom partials from its shards': sums of sums and counts, the maximum of maxima. */
function symptomPartials(model: Model): RecordingRule[] {
  return [...model.symptoms]
    .filter((s) => s.slo !== undefined)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((s) =>
      SYMPTOM_REGION_PARTS.map(([aggregate, record]): RecordingRule => ({
        record,
        expr: `${aggregate === 'max' ? 'max' : 'sum'} by (region, symptom) (${selector(record, [
          ['shard', '!=', ''],
          ['symptom', '=', s.name],
        ])})`,
      })),
    );
}

/** The `plumb-global` group: sums, ratios from sums, consistency modes, symptom partials, the region's widespread-drift and symptom SLO alerts. */
export function compileGlobalRules(model: Model): RuleGroup {
  const consistency = model.rules.filter((r) => r.check.kind === 'consistency').sort((a, b) => (a.id < b.id ? -1 : 1));
  const modes = consistency.map((rule): RecordingRule => {
    const cohort = cohortOf(rule);
    const counts = `sum by (${cohort}, hash) (${selector(RECORD.configHashNodesCount, [['rule', '=', rule.id]])})`;
    return { record: RECORD.configHashMode, expr: `group by (${cohort}, hash) (\n${indent(uniqueMode(cohort, counts))}\n)`, labels: { rule: rule.id } };
  });
  return {
    name: GLOBAL_GROUP_NAME,
    rules: [
      ...SUMMED_COUNTS.map(summed),
      {
        record: RECORD.driftNodesRatio,
        expr: `${region(RECORD.driftNodesCount)}\n/ on (region, workload) group_left\n${region(RECORD.nodesCount)}`,
      },
      {
        record: RECORD.poolDriftRatio,
        expr: `${region(RECORD.poolDriftNodesCount)}\n/ on (region, pool, workload) group_left\n${region(RECORD.poolNodesCount)}`,
      },
      {
        record: RECORD.complianceRatio,
        expr: `sum by (region) (${region(RECORD.nodeStateCount, ['state', '=', 'compliant'])})\n/\nsum by (region) (${region(RECORD.nodeStateCount)})`,
      },
      ...modes,
      ...symptomPartials(model),
      {
        record: RECORD.regionShardsCount,
        expr: `count by (region) (count by (region, shard) (${selector(RECORD.nodesCount, [['shard', '!=', '']])}))`,
      },
      widespreadAlert(model, 'level2'),
      ...symptomAlerts(model, 'level2'),
    ],
  };
}
