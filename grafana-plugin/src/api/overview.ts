/** The numbers on the Overview page, from Prometheus. */
import { promQuery } from './backend';
import { RECORD } from '@plumb/core/contract';

export interface ComplianceCell {
  region: string;
  workload: string;
  nodes: number;
  drifted: number;
  bySeverity: Record<string, number>;
}

export interface FleetOverview {
  cells: ComplianceCell[];
  unknownByReason: Record<string, number>;
  /** Median and worst age of the newest successful collection per node, seconds. */
  freshness: { median: number; worst: number };
}

const num = (v: [number, string] | undefined) => (v ? Number(v[1]) : Number.NaN);

export async function loadOverview(uid: string): Promise<FleetOverview> {
  const [nodes, drifted, bySeverity, unknown, median, worst] = await Promise.all([
    promQuery(uid, RECORD.nodesCount),
    promQuery(uid, 'count by (region, workload) (count by (node, region, workload) (plumb:config_drift:info))'),
    promQuery(uid, RECORD.driftNodesCount),
    promQuery(uid, 'count by (reason) (plumb:node_unknown:info)'),
    promQuery(uid, 'quantile(0.5, time() - max by (instance) (plumb_collector_last_success_timestamp_seconds))'),
    promQuery(uid, 'max(time() - max by (instance) (plumb_collector_last_success_timestamp_seconds))'),
  ]);
  const cells = new Map<string, ComplianceCell>();
  const cell = (region = '', workload = '') => {
    const key = `${region}\0${workload}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { region, workload, nodes: 0, drifted: 0, bySeverity: {} }));
    return c;
  };
  for (const s of nodes) cell(s.metric.region, s.metric.workload).nodes = num(s.value);
  for (const s of drifted) cell(s.metric.region, s.metric.workload).drifted = num(s.value);
  for (const s of bySeverity) cell(s.metric.region, s.metric.workload).bySeverity[s.metric.severity ?? '?'] = num(s.value);
  return {
    cells: [...cells.values()].sort((a, b) => a.workload.localeCompare(b.workload) || a.region.localeCompare(b.region)),
    unknownByReason: Object.fromEntries(unknown.map((s) => [s.metric.reason ?? '?', num(s.value)])),
    freshness: { median: num(median[0]?.value), worst: num(worst[0]?.value) },
  };
}
