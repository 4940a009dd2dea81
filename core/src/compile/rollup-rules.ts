/**
 * Fleet rollups by region, workload and severity: the small set of series a global
 * Prometheus federates. Nodes are counted once per group however many series they
 * have, and unknown nodes are never counted compliant.
 */
import { type RecordingRule } from './rules';
import { RECORD } from '../contract/metrics';

/** `count by (outer) (count by (outer, instance) (series))`: distinct nodes per group. */
function nodes(outer: string, series: string): string {
  return `count by (${outer}) (count by (${outer}, instance) (${series}))`;
}

/** The `plumb-rollups` rules, in dependency order. */
export function compileRollupRules(): RecordingRule[] {
  // One series per (node, workload): counting nodes never reads every config series.
  const info = RECORD.nodeWorkload;
  const drift = RECORD.drift;
  return [
    { record: RECORD.nodesCount, expr: `count by (region, workload) (${info})` },
    { record: RECORD.driftNodesCount, expr: nodes('region, workload, severity', drift) },
    {
      record: RECORD.driftNodesRatio,
      expr: `${RECORD.driftNodesCount}\n/ on (region, workload) group_left\n${RECORD.nodesCount}`,
    },
    { record: RECORD.unknownNodesCount, expr: nodes('region', RECORD.unknown) },
    {
      record: RECORD.compliantNodesCount,
      expr: `count by (region, workload) (\n  ${info}\n  unless on (instance, workload) ${drift}\n  unless on (instance) ${RECORD.unknown}\n)`,
    },
    { record: RECORD.poolDriftNodesCount, expr: nodes('region, pool, workload, dimension, severity', drift) },
    { record: RECORD.poolNodesCount, expr: `count by (region, pool, workload) (${info})` },
    {
      record: RECORD.poolDriftRatio,
      expr: `${RECORD.poolDriftNodesCount}\n/ on (region, pool, workload) group_left\n${RECORD.poolNodesCount}`,
    },
  ];
}
