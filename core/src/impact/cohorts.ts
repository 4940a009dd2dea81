/**
 * Grouping drift into cohorts and finding each cohort's reference: the compliant
 * nodes of the same workload in the same region. A node drifted on *any* dimension of
 * the workload, or unknown, is not compliant, so other drift cannot leak into the
 * reference and blur the comparison.
 */
import type { Cohort, DriftSample, ImpactInput } from './types';

/** Cohorts keyed by (workload, dimension, hash), sorted by key. */
export function buildCohorts(drift: readonly DriftSample[]): Cohort[] {
  const byKey = new Map<string, Cohort>();
  for (const d of drift) {
    const key = `${d.workload}/${d.dimension}/${d.hash}`;
    let c = byKey.get(key);
    if (!c) {
      c = { key, workload: d.workload, dimension: d.dimension, hash: d.hash, value: d.value, severity: d.severity, rule: d.rule, nodes: [], regionOf: {} };
      byKey.set(key, c);
    }
    if (!(d.node in c.regionOf)) {
      c.nodes.push(d.node);
      c.regionOf[d.node] = d.region;
    }
  }
  const cohorts = [...byKey.values()];
  for (const c of cohorts) c.nodes.sort();
  return cohorts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Compliant nodes of `workload` per region. */
export function compliantByRegion(input: ImpactInput, workload: string): Map<string, string[]> {
  const excluded = new Set(input.unknownNodes ?? []);
  for (const d of input.drift) if (d.workload === workload) excluded.add(d.node);
  const out = new Map<string, Set<string>>();
  for (const m of input.members) {
    if (m.workload !== workload || excluded.has(m.node)) continue;
    let set = out.get(m.region);
    if (!set) out.set(m.region, (set = new Set()));
    set.add(m.node);
  }
  return new Map([...out].map(([r, s]) => [r, [...s].sort()]));
}
