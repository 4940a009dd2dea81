/**
 * Two-sample permutation test on the difference of means or medians. Exact (every
 * relabelling enumerated) when the number of relabellings is small, otherwise a
 * seeded Monte-Carlo estimate with the (b + 1)/(B + 1) correction, which never
 * reports p = 0.
 */
import type { Alternative } from './mann-whitney';
import { checkSamples } from './mann-whitney';
import { seededRandom, shuffleInPlace } from './random';
import { mean, median } from './rank';

export interface PermutationOptions {
  statistic?: 'mean-difference' | 'median-difference';
  alternative?: Alternative;
  /** Monte-Carlo relabellings. Default 9999. */
  permutations?: number;
  /** Seed of the relabellings. Default 1. */
  seed?: number;
  /** Enumerate every relabelling when there are at most this many. Default 20 000. */
  exactLimit?: number;
}

export type PermutationResult =
  { ok: true; observed: number; pValue: number; method: 'exact' | 'monte-carlo'; relabellings: number } | { ok: false; reason: string };

/** Tests whether x and y differ by more than random relabelling would explain. */
export function permutationTest(x: readonly number[], y: readonly number[], options: PermutationOptions = {}): PermutationResult {
  const bad = checkSamples(x, y);
  if (bad) return { ok: false, reason: bad };
  const { statistic = 'mean-difference', alternative = 'two-sided', permutations = 9999, seed = 1, exactLimit = 20_000 } = options;
  const centre = statistic === 'mean-difference' ? mean : median;
  const stat = (a: readonly number[], b: readonly number[]) => centre(a) - centre(b);
  const observed = stat(x, y);
  // A relative tolerance keeps floating-point noise from splitting equal statistics.
  const eps = 1e-12 * Math.max(1, Math.abs(observed));
  const extreme = (t: number) =>
    alternative === 'greater' ? t >= observed - eps : alternative === 'less' ? t <= observed + eps : Math.abs(t) >= Math.abs(observed) - eps;
  const pooled = [...x, ...y];
  const total = binomial(pooled.length, x.length);
  if (total <= exactLimit) {
    let hits = 0;
    forEachSubset(pooled.length, x.length, (inX) => {
      const a: number[] = [];
      const b: number[] = [];
      pooled.forEach((v, i) => (inX[i] ? a : b).push(v));
      if (extreme(stat(a, b))) hits++;
    });
    return { ok: true, observed, pValue: hits / total, method: 'exact', relabellings: total };
  }
  const random = seededRandom(seed);
  const work = pooled.slice();
  let hits = 0;
  for (let k = 0; k < permutations; k++) {
    shuffleInPlace(work, random);
    if (extreme(stat(work.slice(0, x.length), work.slice(x.length)))) hits++;
  }
  return { ok: true, observed, pValue: (hits + 1) / (permutations + 1), method: 'monte-carlo', relabellings: permutations };
}

/** C(n, k) as a double. */
export function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Calls `visit` with a membership mask for every k-subset of n items. */
function forEachSubset(n: number, k: number, visit: (mask: boolean[]) => void): void {
  const mask = new Array<boolean>(n).fill(false);
  const walk = (start: number, left: number) => {
    if (left === 0) return visit(mask);
    for (let i = start; i <= n - left; i++) {
      mask[i] = true;
      walk(i + 1, left - 1);
      mask[i] = false;
    }
  };
  walk(0, k);
}
