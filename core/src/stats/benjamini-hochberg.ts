/**
 * Benjamini–Hochberg adjustment. Impact compares dozens of cohorts at once; ranking on
 * raw p-values would let one in twenty noise cohorts look significant. BH q-values
 * control the expected share of false discoveries among the cohorts called significant.
 */

/** BH-adjusted q-values, in the order of `pValues` (as R's `p.adjust(p, "BH")`). */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  // A missing p-value counts as 1: no evidence, and it must not break the ordering.
  const order = pValues.map((p, i) => ({ p: Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 1, i })).sort((a, b) => b.p - a.p);
  const q = new Array<number>(m).fill(Number.NaN);
  let running = 1;
  order.forEach(({ p, i }, k) => {
    const rank = m - k; // rank of p in ascending order
    running = Math.min(running, (p * m) / rank);
    q[i] = Math.min(1, running);
  });
  return q;
}
