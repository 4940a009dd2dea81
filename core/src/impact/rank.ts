/**
 * Impact ranking: every drifted cohort compared with compliant nodes on every symptom
 * that may explain it, the p-values adjusted together (Benjamini–Hochberg), each
 * comparison scored, and cohorts ordered by their best score. The remediation handler
 * orders its queue with the same function the plugin shows.
 */
import { SEVERITY_RANK } from '../contract/severity';
import { benjaminiHochberg, impactScore } from '../stats/index';
import { buildCohorts, compliantByRegion } from './cohorts';
import { compareCohort, type RawComparison } from './compare';
import type { CohortImpact, ImpactInput, SymptomComparison } from './types';

/** Ranks every cohort in `input`, highest impact first. Pure and deterministic. */
export function rankImpact(input: ImpactInput): CohortImpact[] {
  const valuesBySymptom = new Map<string, Map<string, number>>();
  for (const s of input.samples) {
    let m = valuesBySymptom.get(s.symptom);
    if (!m) valuesBySymptom.set(s.symptom, (m = new Map()));
    m.set(s.node, s.value);
  }
  const referenceCache = new Map<string, Map<string, string[]>>();
  const reference = (workload: string) => {
    let r = referenceCache.get(workload);
    if (!r) referenceCache.set(workload, (r = compliantByRegion(input, workload)));
    return r;
  };

  const cohorts = buildCohorts(input.drift);
  const raw: { cohortIndex: number; comparison: RawComparison }[] = [];
  cohorts.forEach((cohort, cohortIndex) => {
    for (const symptom of input.symptoms) {
      if (symptom.workloads && !symptom.workloads.includes(cohort.workload)) continue;
      const comparison = compareCohort(cohort, symptom, valuesBySymptom.get(symptom.name) ?? new Map(), reference(cohort.workload));
      raw.push({ cohortIndex, comparison });
    }
  });

  const tested = raw.filter((r) => r.comparison.ok);
  const q = benjaminiHochberg(tested.map((r) => (r.comparison.ok ? r.comparison.pValue : 1)));
  const qOf = new Map(tested.map((r, i) => [r, q[i]!]));

  const results = cohorts.map((cohort, index): Omit<CohortImpact, 'rank'> => {
    const regions = new Set(cohort.nodes.map((n) => cohort.regionOf[n]!));
    let compliant = 0;
    for (const [region, nodes] of reference(cohort.workload)) if (regions.has(region)) compliant += nodes.length;
    const nodesInScope = cohort.nodes.length + compliant;
    const comparisons: SymptomComparison[] = raw
      .filter((r) => r.cohortIndex === index)
      .map((r) => {
        const c = r.comparison;
        if (!c.ok) return c;
        const qValue = qOf.get(r) ?? 1;
        const { score } = impactScore({ worseDelta: c.worseDelta, qValue, nodesAffected: cohort.nodes.length, nodesInScope, severity: cohort.severity });
        return { ...c, qValue, score };
      });
    const okOnes = comparisons.filter((c): c is Extract<SymptomComparison, { ok: true }> => c.ok);
    const top = okOnes.reduce<(typeof okOnes)[number] | undefined>(
      (best, c) => (!best || c.score > best.score || (c.score === best.score && c.pValue < best.pValue) ? c : best),
      undefined,
    );
    return { cohort, nodesInScope, comparisons, top, score: top?.score ?? 0 };
  });

  results.sort(
    (a, b) =>
      b.score - a.score ||
      SEVERITY_RANK[b.cohort.severity] - SEVERITY_RANK[a.cohort.severity] ||
      b.cohort.nodes.length - a.cohort.nodes.length ||
      (a.cohort.key < b.cohort.key ? -1 : 1),
  );
  return results.map((r, i) => ({ ...r, rank: i + 1 }));
}
