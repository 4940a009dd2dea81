/**
 * The PromQL that verification reads, pure. Each query is about one node and reads the
 * compiled rules' records (docs/rules.md), so it works in any Prometheus that runs them.
 */
import { configInfoWithNodeLabels, METRIC, RECORD } from '@plumb/core/contract';

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** The instant query whose non-empty result means the drift is still there. */
export function driftQuery(node: string, workload: string, dimension: string): string {
  return `${RECORD.drift}{node="${escape(node)}",workload="${escape(workload)}",dimension="${escape(dimension)}"}`;
}

export interface EvidenceQueries {
  /** Drift series left for the dimension (must be empty). */
  drift: string;
  /** The dimension as the node reports it (must be present). */
  present: string;
  /** Reasons the node is unknown: down, collector failed, stale (must be empty). */
  unknown: string;
  /** The oldest last-success time of the node's collectors (must be after the action). */
  collected: string;
}

export function evidenceQueries(node: string, workload: string, dimension: string): EvidenceQueries {
  const n = `node="${escape(node)}"`;
  return {
    drift: driftQuery(node, workload, dimension),
    present: configInfoWithNodeLabels(`workload="${escape(workload)}",dimension="${escape(dimension)}"`, n),
    unknown: `${RECORD.unknown}{${n}}`,
    collected: `min by (node) (${METRIC.collectorLastSuccess} * on (instance) group_left (node) max by (instance, node) (${RECORD.nodeInfoLast}{${n}}))`,
  };
}

/** Nodes of a pool reporting and not unknown: positive evidence that they are in service (pools outside Kubernetes). */
export function poolInServiceQuery(pool: string): string {
  return `count(${RECORD.nodeInfoLast}{pool="${escape(pool)}"} unless on (instance) ${RECORD.unknown})`;
}
