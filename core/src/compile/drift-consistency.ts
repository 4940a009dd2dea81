/**
 * Consistency drift: no single right value, so a series is drifted when its hash is
 * not its cohort's modal hash. The cohort is the workload plus the `by` labels. When two
 * or more hashes tie for the mode, nobody is flagged: there is no majority to converge
 * on, and a person must decide.
 *
 * Shard-safe: the per-hash node counts are recorded (`plumb:config_hash_nodes:count`, a
 * `count`, which sums across shards). The tier above sums them and records the unique
 * mode (`plumb:config_hash_mode:info`, see global-rules.ts), which is federated back to
 * every shard with the tier's shard count (`plumb:region_shards:count`). A Prometheus
 * that has that count compares against the tier's mode only (none on a tie over the
 * region, so nobody is flagged, as unsharded); one that does not (unsharded: it sees every
 * node of the cohort, or a fresh shard before the tier answers) uses its own counts.
 */
import type { DimensionRule } from '../spec/model';
import { indent, selector } from './promql';
import { labelList, type RecordingRule } from './rules';
import { configSeries } from './config-series';
import { METRIC, RECORD } from '../contract/metrics';

/** `region, workload, dimension` (the cohort) of a consistency rule. */
export function cohortOf(rule: DimensionRule): string {
  if (rule.check.kind !== 'consistency') throw new Error(`cohortOf called for a ${rule.check.kind} rule`);
  return labelList([...rule.check.by, 'workload', 'dimension']);
}

const ofRule = (rule: DimensionRule, metric: string) =>
  selector(metric, [
    ['workload', '=', rule.workload],
    ['dimension', '=', rule.key],
  ]);

/** The rule's config series with the cohort's node labels joined on. */
function inCohort(rule: DimensionRule, job: string): string {
  return configSeries(METRIC.configInfo, rule, job, [], rule.check.kind === 'consistency' ? rule.check.by : []);
}

/** The recorded node count per hash of a consistency rule's cohort; it must precede the drift rule. */
export function compileHashCountRule(rule: DimensionRule, job: string): RecordingRule {
  return { record: RECORD.configHashNodesCount, expr: `count by (${cohortOf(rule)}, hash) (${inCohort(rule, job)})`, labels: { rule: rule.id } };
}

/** The unique modal hash of each cohort among `perHash` counts; absent on a tie. */
export function uniqueMode(cohort: string, perHash: string): string {
  const modal = `${perHash}\n== on (${cohort}) group_left\nmax by (${cohort}) (${perHash})`;
  return `(\n${indent(modal)}\n)\nand on (${cohort})\n(\n${indent(`count by (${cohort}) (\n${indent(modal)}\n) == 1`)}\n)`;
}

/** Expression selecting the series of a `consistency` rule whose hash is not the cohort's mode. */
export function consistencyDriftExpr(rule: DimensionRule, job: string): string {
  const cohort = cohortOf(rule);
  const byRegion = rule.check.kind === 'consistency' && rule.check.by.includes('region');
  // Once the tier counts the region's shards, its mode is the only one: a cohort it has no
  // mode for is a tie over the whole region, which a shard's own counts must not break.
  const sharded = `unless on (${byRegion ? 'region' : ''})\n${RECORD.regionShardsCount}`;
  const local = `(\n${indent(uniqueMode(cohort, ofRule(rule, RECORD.configHashNodesCount)))}\n)\n${sharded}`;
  const mode = `${ofRule(rule, RECORD.configHashMode)}\nor on (${cohort})\n(\n${indent(local)}\n)`;
  return `${inCohort(rule, job)}\nand on (${cohort})\n(\n${indent(mode)}\n)\nunless on (${cohort}, hash)\n(\n${indent(mode)}\n)`;
}
