/**
 * One cohort against its reference on one symptom: a one-sided rank test stratified by
 * region ("are drifted nodes worse than compliant nodes of their own region?"), with
 * effect sizes pooled over the same strata.
 */
import { deltaFromU, deltaMagnitude, hedgesG, medianRatio, stratifiedRankSum, type Stratum } from '../stats/index';
import type { Cohort, SymptomComparison, SymptomInfo } from './types';

/** Comparison before the BH adjustment and scoring: q-value and score are filled later. */
export type RawComparison = Omit<Extract<SymptomComparison, { ok: true }>, 'qValue' | 'score'> | Extract<SymptomComparison, { ok: false }>;

/** Compares `cohort` with `reference` (region → compliant nodes) on `symptom`. */
export function compareCohort(
  cohort: Cohort,
  symptom: SymptomInfo,
  values: ReadonlyMap<string, number>,
  reference: ReadonlyMap<string, readonly string[]>,
): RawComparison {
  const strata: Stratum[] = [];
  const regions = [...new Set(cohort.nodes.map((n) => cohort.regionOf[n]!))].sort();
  for (const region of regions) {
    const pick = (nodes: readonly string[]) => nodes.map((n) => values.get(n)).filter((v): v is number => v !== undefined && Number.isFinite(v));
    strata.push({ name: region, x: pick(cohort.nodes.filter((n) => cohort.regionOf[n] === region)), y: pick(reference.get(region) ?? []) });
  }
  const alternative = symptom.worse === 'higher' ? 'greater' : 'less';
  const test = stratifiedRankSum(strata, alternative);
  if (!test.ok) return { ok: false, symptom: symptom.name, reason: test.reason };
  const used = strata.filter((s) => test.used.includes(s.name));
  const x = used.flatMap((s) => s.x);
  const y = used.flatMap((s) => s.y);
  const delta = deltaFromU(test.u1, test.pairs);
  const worseDelta = symptom.worse === 'higher' ? delta : -delta;
  const g = hedgesG(x, y);
  return {
    ok: true,
    symptom: symptom.name,
    unit: symptom.unit,
    worse: symptom.worse,
    n1: test.n1,
    n2: test.n2,
    worseDelta,
    magnitude: deltaMagnitude(worseDelta),
    medianRatio: medianRatio(x, y),
    hedgesG: symptom.worse === 'higher' ? g : -g,
    pValue: test.pValue,
    method: test.method,
    regions: test.used,
  };
}
