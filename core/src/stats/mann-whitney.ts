/**
 * The Mann–Whitney U test (Wilcoxon rank-sum): does one sample tend to be larger than
 * the other? Exact for small samples without ties; otherwise the normal approximation
 * with the tie-corrected variance and a continuity correction (the conventions of
 * R's `wilcox.test` and SciPy's `mannwhitneyu`, so results can be checked against them).
 */
import { exactIsFeasible, exactUCounts, exactUpperTail } from './exact-u';
import { normalSurvival } from './normal';
import { midRanks } from './rank';

export type Alternative = 'two-sided' | 'greater' | 'less';

export interface MannWhitneyOptions {
  /** `greater`: x tends to be larger than y. Default `two-sided`. */
  alternative?: Alternative;
  /** `auto`: exact when there are no ties and C(n1+n2, n1) < 2^53, normal otherwise. */
  method?: 'auto' | 'exact' | 'normal';
  /** Continuity correction for the normal approximation. Default true. */
  continuity?: boolean;
}

export type MannWhitneyResult =
  | {
      ok: true;
      /** U of the first sample: pairs (x, y) with x > y, ties counting one half. */
      u1: number;
      u2: number;
      n1: number;
      n2: number;
      /** Normal deviate of U1 (tie-corrected); 0 when every value ties. */
      z: number;
      pValue: number;
      method: 'exact' | 'normal';
    }
  | { ok: false; reason: string };

/** Runs the test of x against y. Empty or non-finite samples are reported, not thrown. */
export function mannWhitneyU(x: readonly number[], y: readonly number[], options: MannWhitneyOptions = {}): MannWhitneyResult {
  const bad = checkSamples(x, y);
  if (bad) return { ok: false, reason: bad };
  const { alternative = 'two-sided', method = 'auto', continuity = true } = options;
  const n1 = x.length;
  const n2 = y.length;
  const { ranks, tieSizes } = midRanks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i]!;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const moments = uMoments(n1, n2, tieSizes);
  const z = moments.sd === 0 ? 0 : (u1 - moments.mean) / moments.sd;

  const useExact = method === 'exact' || (method === 'auto' && tieSizes.length === 0 && exactIsFeasible(n1, n2));
  if (useExact) {
    const counts = exactUCounts(n1, n2);
    const upper = (u: number) => exactUpperTail(counts, u);
    const p = alternative === 'greater' ? upper(u1) : alternative === 'less' ? upper(u2) : 2 * upper(Math.max(u1, u2));
    return { ok: true, u1, u2, n1, n2, z, pValue: Math.min(1, p), method: 'exact' };
  }
  if (moments.sd === 0) return { ok: true, u1, u2, n1, n2, z: 0, pValue: 1, method: 'normal' };
  const cc = continuity ? 0.5 : 0;
  let p: number;
  if (alternative === 'greater') p = normalSurvival((u1 - moments.mean - cc) / moments.sd);
  else if (alternative === 'less') p = normalSurvival((u2 - moments.mean - cc) / moments.sd);
  else p = 2 * normalSurvival((Math.max(u1, u2) - moments.mean - cc) / moments.sd);
  return { ok: true, u1, u2, n1, n2, z, pValue: Math.min(1, p), method: 'normal' };
}

/** Mean and tie-corrected standard deviation of U under the null. */
export function uMoments(n1: number, n2: number, tieSizes: readonly number[]): { mean: number; sd: number } {
  const n = n1 + n2;
  let tieTerm = 0;
  for (const t of tieSizes) tieTerm += t * t * t - t;
  const variance = ((n1 * n2) / 12) * (n + 1 - (n > 1 ? tieTerm / (n * (n - 1)) : 0));
  return { mean: (n1 * n2) / 2, sd: Math.sqrt(Math.max(0, variance)) };
}

/** A reason the samples cannot be tested, or undefined when they can. */
export function checkSamples(x: readonly number[], y: readonly number[]): string | undefined {
  if (x.length === 0 || y.length === 0) return `both samples need at least one value (got ${x.length} and ${y.length})`;
  if (![...x, ...y].every(Number.isFinite)) return 'samples contain a value that is not a finite number';
  return undefined;
}
