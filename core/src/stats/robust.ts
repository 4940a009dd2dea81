/**
 * Robust location and scale: the median and the median absolute deviation (MAD),
 * which a few extreme runs cannot drag, unlike the mean and standard deviation.
 */
import { median } from './rank';

/** 1.4826 × MAD estimates the standard deviation of normal data. */
export const MAD_TO_SIGMA = 1.4826;

/** Median absolute deviation from the median; NaN for an empty sample. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

/**
 * Robust z-score of `x` against `history`: (x − median) / (1.4826 × MAD). The scale
 * never falls below `minScale` (default 5 % of the median's size, at least 1), so a
 * history of identical values does not make every small change infinite.
 */
export function robustZ(x: number, history: readonly number[], minScale?: number): number {
  const m = median(history);
  const floor = minScale ?? Math.max(1, Math.abs(m) * 0.05);
  const scale = Math.max(MAD_TO_SIGMA * medianAbsoluteDeviation(history), floor);
  return (x - m) / scale;
}
