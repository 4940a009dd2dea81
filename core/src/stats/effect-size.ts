/**
 * Effect sizes for "how much worse are the drifted nodes": Cliff's delta (rank based,
 * robust to the heavy tails of lag and error rates), Hedges' g (standardised mean
 * difference, small-sample corrected) and the ratio of medians (easy to say aloud:
 * "lag is 40× the compliant nodes'").
 */
import { mean, median, midRanks, sampleVariance } from './rank';

/** P(x > y) − P(x < y) over all pairs, in [−1, 1]; NaN if a sample is empty. */
export function cliffsDelta(x: readonly number[], y: readonly number[]): number {
  if (x.length === 0 || y.length === 0) return Number.NaN;
  const { ranks } = midRanks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < x.length; i++) r1 += ranks[i]!;
  const u1 = r1 - (x.length * (x.length + 1)) / 2;
  return deltaFromU(u1, x.length * y.length);
}

/** Cliff's delta from U1 and the number of pairs n1·n2. */
export function deltaFromU(u1: number, pairs: number): number {
  return pairs === 0 ? Number.NaN : (2 * u1) / pairs - 1;
}

export type Magnitude = 'negligible' | 'small' | 'medium' | 'large';

/** Romano et al. (2006) thresholds for |delta|: 0.147, 0.33, 0.474. */
export function deltaMagnitude(delta: number): Magnitude {
  const d = Math.abs(delta);
  if (!(d >= 0.147)) return 'negligible';
  if (d < 0.33) return 'small';
  if (d < 0.474) return 'medium';
  return 'large';
}

/**
 * Hedges' g: (mean x − mean y) / pooled SD, times J = 1 − 3/(4(n1+n2) − 9).
 * Undefined (NaN) below three values in total or when both samples are constant.
 */
export function hedgesG(x: readonly number[], y: readonly number[]): number {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0 || n1 + n2 < 3) return Number.NaN;
  const v1 = n1 > 1 ? sampleVariance(x) : 0;
  const v2 = n2 > 1 ? sampleVariance(y) : 0;
  const pooled = Math.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2));
  if (pooled === 0) return Number.NaN;
  const j = 1 - 3 / (4 * (n1 + n2) - 9);
  return ((mean(x) - mean(y)) / pooled) * j;
}

/** median(x) / median(y); NaN when a sample is empty, ±Infinity when median(y) is 0. */
export function medianRatio(x: readonly number[], y: readonly number[]): number {
  if (x.length === 0 || y.length === 0) return Number.NaN;
  const mx = median(x);
  const my = median(y);
  if (my === 0) return mx === 0 ? 1 : mx > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return mx / my;
}
