/**
 * The rules of the regional tier above `hashmod` shards: the region's rollups, made from
 * the shards' ones the tier federates (job `federate-shards`, each with its `shard`
 * external label).
 *
 * Shards partition the region's nodes, so node counts add up: the region's count is the
 * sum of the shards'. Ratios do not add up; they are divided again from the summed counts.
 * The pool ratio's denominator (nodes per pool) is not a rollup today, so it is recovered
 * per shard as count ÷ ratio from the shards that report drift in the pool; a shard with
 * none of its pool nodes drifted on that dimension is left out of the denominator, which
 * can only overstate the region's share (never hide a widespread drift).
 *
 * Every input is selected by the federation job, never by `shard=""`: the tier also reads
 * the shards through remote read, and a shard drops matchers on its own external labels,
 * so `shard=""` would match its series too. Its series carry no `job`, so they never match.
 * The region's series carry no `shard` label; the global tier drops those that do.
 * Pure.
 */
import { RECORD } from '@plumb/core/contract';
import { SHARD_FEDERATION_JOB, SHARD_LABEL } from './prometheus-config';

/** Rollups that are node counts: the region's is the sum of its shards'. */
const SUMMED = [
  RECORD.nodesCount,
  RECORD.driftNodesCount,
  RECORD.compliantNodesCount,
  RECORD.unknownNodesCount,
  RECORD.nodeStateCount,
  RECORD.poolDriftNodesCount,
];

/** The shards' copy of a rollup, summed over the shards. */
const shards = (record: string, by?: string) =>
  `sum ${by ? `by (${by})` : `without (${SHARD_LABEL}, instance, job)`} (${record}{job="${SHARD_FEDERATION_JOB}"})`;

export function regionalTierRules(): { groups: { name: string; rules: { record: string; expr: string }[] }[] } {
  const sums = SUMMED.map((record) => ({ record, expr: shards(record) }));
  const ratios = [
    {
      record: RECORD.driftNodesRatio,
      expr: `${shards(RECORD.driftNodesCount)}\n/ on (region, workload) group_left\n${shards(RECORD.nodesCount)}`,
    },
    {
      record: RECORD.complianceRatio,
      expr: `sum by (region) (${RECORD.nodeStateCount}{job="${SHARD_FEDERATION_JOB}", state="compliant"})\n/\n${shards(RECORD.nodeStateCount, 'region')}`,
    },
    {
      record: RECORD.poolDriftRatio,
      expr: `${shards(RECORD.poolDriftNodesCount)}\n/\nsum without (${SHARD_LABEL}, instance, job) (${RECORD.poolDriftNodesCount}{job="${SHARD_FEDERATION_JOB}"} / ${RECORD.poolDriftRatio}{job="${SHARD_FEDERATION_JOB}"})`,
    },
  ];
  return { groups: [{ name: 'plumb-regional-tier', rules: [...sums, ...ratios] }] };
}
