/**
 * The standard normal distribution's tail, accurate to about 1e-14, for p-values of
 * rank tests. Written out here because the statistics must run unchanged in Node (the
 * remediation handler) and in the browser (the Grafana plugin).
 */

const SQRT_PI = Math.sqrt(Math.PI);

/** Complementary error function erfc(x) = 1 − erf(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  // Below 2.5 the Taylor series of erf converges fast and loses nothing to cancellation
  // that matters for a p-value; above it the continued fraction keeps the tiny tail exact.
  if (x < 2.5) return 1 - erfSeries(x);
  return erfcContinuedFraction(x);
}

/** P(Z > z) for a standard normal Z. */
export function normalSurvival(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

function erfSeries(x: number): number {
  // erf(x) = 2/√π · Σ (−1)ⁿ x^(2n+1) / (n! (2n+1))
  let sum = 0;
  let power = x; // (−1)ⁿ x^(2n+1) / n!
  for (let n = 0; n < 200; n++) {
    const term = power / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    power *= (-x * x) / (n + 1);
  }
  return (2 / SQRT_PI) * sum;
}

function erfcContinuedFraction(x: number): number {
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated bottom-up.
  let t = x;
  for (let n = 120; n >= 1; n--) t = x + n / 2 / t;
  return Math.exp(-x * x) / (SQRT_PI * t);
}
