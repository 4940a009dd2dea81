/**
 * The exact null distribution of the Mann–Whitney U statistic without ties: the number
 * of ways to reach each U is a coefficient of the Gaussian binomial [n1+n2 choose n1]_q.
 * Used for the small cohorts typical of drift (a handful of nodes), where the normal
 * approximation is poor.
 */

/**
 * Whether the exact distribution can be computed in doubles without rounding: the
 * total count C(n1+n2, n1) must stay below 2^53.
 */
export function exactIsFeasible(n1: number, n2: number): boolean {
  let log2 = 0;
  const k = Math.min(n1, n2);
  for (let i = 1; i <= k; i++) log2 += Math.log2((n1 + n2 - k + i) / i);
  return log2 < 52;
}

/** counts[u] = number of rank arrangements giving U = u, for u = 0 … n1·n2. */
export function exactUCounts(n1: number, n2: number): number[] {
  const size = n1 * n2 + 1;
  let poly = new Array<number>(size).fill(0);
  poly[0] = 1;
  // Π_{i=1..n1} (1 − q^(n2+i)) / (1 − q^i); every intermediate is a polynomial with
  // integer coefficients, so the division is exact.
  for (let i = 1; i <= n1; i++) {
    const next = poly.slice();
    const shift = n2 + i;
    for (let k = size - 1; k >= shift; k--) next[k]! -= poly[k - shift]!;
    for (let k = i; k < size; k++) next[k]! += next[k - i]!;
    poly = next;
  }
  return poly;
}

/** P(U ≥ u) under the null, from `counts`. */
export function exactUpperTail(counts: readonly number[], u: number): number {
  let total = 0;
  let tail = 0;
  for (let k = 0; k < counts.length; k++) {
    total += counts[k]!;
    if (k >= u - 1e-9) tail += counts[k]!;
  }
  return tail / total;
}
