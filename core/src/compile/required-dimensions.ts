/** The dimensions a node running a workload must report: every rule of the workload not marked optional. */
import type { DimensionRule, Model } from '../spec/model';

/** Required dimension rules per workload that has any: workloads sorted, rules sorted by key. */
export function requiredByWorkload(model: Model): [string, DimensionRule[]][] {
  const byWorkload = new Map<string, DimensionRule[]>();
  for (const r of model.rules) if (!r.optional) byWorkload.set(r.workload, [...(byWorkload.get(r.workload) ?? []), r]);
  return [...byWorkload.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([w, rules]) => [w, [...rules].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))]);
}
