import { seededRandom, shuffleInPlace } from '@plumb/core/stats/random';

export { seededRandom };

/** A shuffled copy of `items`, driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  shuffleInPlace(out, random);
  return out;
}

/** Splits `total` into integer counts proportional to `weights` (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((x, y) => y.r - x.r || x.i - y.i);
  const missing = total - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) counts[order[k % order.length]!.i]! += 1;
  return counts;
}
