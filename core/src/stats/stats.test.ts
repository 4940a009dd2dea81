/**
 * Known answers: the expected values come from SciPy 1.17 (`scipy.stats.mannwhitneyu`,
 * `norm.sf`, `permutation_test`, `false_discovery_control`) and from hand counts, so a
 * mistake in ranking, tie handling or tails shows up as a wrong number.
 */
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './benjamini-hochberg';
import { cliffsDelta, deltaMagnitude, hedgesG, medianRatio } from './effect-size';
import { exactUCounts } from './exact-u';
import { mannWhitneyU, type Alternative } from './mann-whitney';
import { erfc, normalSurvival } from './normal';
import { permutationTest } from './permutation';
import { midRanks } from './rank';

const A = { x: [19, 22, 16, 29, 24], y: [20, 11, 17, 12] };
const B = { x: [1, 2, 2, 3, 3, 3, 4, 5], y: [3, 4, 4, 5, 5, 6, 7, 7, 8] };

describe('the normal tail', () => {
  it.each([
    [0, 0.5],
    [1, 0.15865525393145707],
    [1.96, 0.024997895148220435],
    [2.5, 0.006209665325776132],
    [3, 0.0013498980316300933],
    [5, 2.866515718791933e-7],
    [8, 6.22096057427174e-16],
    [-2, 0.9772498680518208],
  ])('P(Z > %s) matches SciPy to 1e-12 relative.', (z, expected) => {
    expect(Math.abs(normalSurvival(z) - expected) / expected).toBeLessThan(1e-12);
  });
  it.each([
    [0.3, 0.6713732405408726],
    [2.4, 0.0006885138966450789],
    [2.6, 0.000236034416529349],
    [6, 2.1519736712498913e-17],
  ])('erfc(%s) is accurate on both sides of the series/continued-fraction switch.', (x, expected) => {
    expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(1e-12);
  });
});

describe('mid-ranks', () => {
  it('gives tied values the mean of the ranks they span and reports the tie groups.', () => {
    expect(midRanks([10, 20, 20, 30, 20])).toEqual({ ranks: [1, 3, 3, 5, 3], tieSizes: [3] });
  });
});

describe('the exact distribution of U', () => {
  it('counts every arrangement once: the counts sum to C(n1+n2, n1).', () => {
    expect(exactUCounts(5, 4).reduce((a, b) => a + b, 0)).toBe(126);
  });
  it('is symmetric, as the null distribution of U must be.', () => {
    const c = exactUCounts(3, 6);
    expect(c).toEqual([...c].reverse());
  });
});

describe('the Mann–Whitney U test', () => {
  const cases: [string, { x: number[]; y: number[] }, Alternative, 'exact' | 'normal', number, number][] = [
    ['small samples without ties, exact, two-sided', A, 'two-sided', 'exact', 17, 0.1111111111111111],
    ['small samples without ties, exact, greater', A, 'greater', 'exact', 17, 0.05555555555555555],
    ['small samples without ties, exact, less', A, 'less', 'exact', 17, 0.9682539682539683],
    ['small samples without ties, normal approximation', A, 'two-sided', 'normal', 17, 0.11134688653314041],
    ['tied samples, tie-corrected normal, two-sided', B, 'two-sided', 'normal', 7.5, 0.006373133838085873],
    ['tied samples, tie-corrected normal, less', B, 'less', 'normal', 7.5, 0.0031865669190429364],
    ['tied samples, tie-corrected normal, greater', B, 'greater', 'normal', 7.5, 0.9976386658073535],
    [
      'separated samples of ten, exact',
      { x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], y: [6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5, 14.5, 15.5] },
      'two-sided',
      'exact',
      10,
      0.0015046872632011952,
    ],
  ];
  it.each(cases)('%s gives the U and p-value SciPy gives.', (_name, s, alternative, method, u1, p) => {
    const r = mannWhitneyU(s.x, s.y, { alternative, method });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.u1).toBe(u1);
    expect(r.u1 + r.u2).toBe(s.x.length * s.y.length);
    expect(r.pValue).toBeCloseTo(p, 12);
  });
  it('switches to the normal approximation by itself when there are ties.', () => {
    const r = mannWhitneyU(B.x, B.y);
    expect(r.ok && r.method).toBe('normal');
  });
  it('omits the continuity correction when asked, as SciPy does with use_continuity=False.', () => {
    const r = mannWhitneyU(B.x, B.y, { continuity: false });
    expect(r.ok && r.pValue).toBeCloseTo(0.0054921866892152955, 12);
  });
  it.each([
    ['an empty sample', [], [1, 2]],
    ['a NaN', [1, Number.NaN], [1, 2]],
  ])('reports %s as a reason, without throwing.', (_n, x, y) => {
    const r = mannWhitneyU(x, y);
    expect(r.ok).toBe(false);
  });
  it('gives p = 1 when every value ties.', () => {
    const r = mannWhitneyU([5, 5, 5], [5, 5]);
    expect(r.ok && r.pValue).toBe(1);
  });
});

describe('effect sizes', () => {
  it("computes Cliff's delta from pair counts (17 wins of 20 pairs → 0.7).", () => {
    expect(cliffsDelta(A.x, A.y)).toBeCloseTo(0.7, 12);
  });
  it("counts a tie as neither a win nor a loss in Cliff's delta (0 wins, 3 losses, 1 tie of 4 pairs → −0.75).", () => {
    expect(cliffsDelta([1, 2], [2, 3])).toBeCloseTo(-0.75, 12);
  });
  it.each([
    [0.1, 'negligible'],
    [-0.2, 'small'],
    [0.4, 'medium'],
    [-0.9, 'large'],
  ] as const)("classes a delta of %s as %s (Romano's thresholds).", (d, m) => {
    expect(deltaMagnitude(d)).toBe(m);
  });
  it("matches a hand computation of Hedges' g with the small-sample factor.", () => {
    expect(hedgesG([2.1, 3.4, 1.9, 5.6, 4.4], [1.0, 0.5, 2.2, 1.8, 1.1, 0.9])).toBeCloseTo(1.7864409659476181, 12);
  });
  it("leaves Hedges' g undefined when both samples are constant.", () => {
    expect(hedgesG([1, 1], [1, 1])).toBeNaN();
  });
  it.each([
    [[10, 20, 30], [1, 2, 3], 10],
    [[5, 5], [0, 0, 0], Number.POSITIVE_INFINITY],
    [[0], [0], 1],
  ])('gives the ratio of medians of %j and %j as %s.', (x, y, r) => {
    expect(medianRatio(x, y)).toBe(r);
  });
});

describe('the permutation test', () => {
  it('enumerates all 20 relabellings of two groups of three (two-sided p = 0.1, one-sided 0.05).', () => {
    const two = permutationTest([1, 2, 3], [4, 5, 6]);
    const less = permutationTest([1, 2, 3], [4, 5, 6], { alternative: 'less' });
    expect(two.ok && [two.method, two.pValue]).toEqual(['exact', 0.1]);
    expect(less.ok && less.pValue).toBeCloseTo(0.05, 12);
  });
  const a = [12.1, 14.3, 11.8, 15.2, 13.9, 16.0];
  const b = [10.2, 11.1, 9.8, 12.0, 10.9, 11.5, 10.1];
  it('agrees with SciPy’s exact permutation test on 1 716 relabellings.', () => {
    const r = permutationTest(a, b, { alternative: 'greater' });
    expect(r.ok && r.pValue).toBeCloseTo(0.0011655011655011655, 12);
  });
  it('estimates the same p-value by Monte Carlo within sampling error, never below 1/(B+1).', () => {
    const r = permutationTest(a, b, { exactLimit: 0, permutations: 19_999, seed: 7 });
    expect(r.ok && r.method).toBe('monte-carlo');
    expect(r.ok && Math.abs(r.pValue - 0.002331002331002331)).toBeLessThan(0.0015);
    expect(r.ok && r.pValue).toBeGreaterThanOrEqual(1 / 20_000);
  });
  it('gives the same Monte-Carlo p-value for the same seed and a different one for another seed.', () => {
    const run = (seed: number) => {
      const r = permutationTest(a, b, { exactLimit: 0, permutations: 999, seed });
      return r.ok ? r.pValue : -1;
    };
    expect(run(3)).toBe(run(3));
    expect(permutationTest([1, 5, 2, 8, 3], [4, 6, 2, 9, 1, 7], { exactLimit: 0, permutations: 199, seed: 1 })).not.toEqual(
      permutationTest([1, 5, 2, 8, 3], [4, 6, 2, 9, 1, 7], { exactLimit: 0, permutations: 199, seed: 2 }),
    );
  });
});

describe('Benjamini–Hochberg', () => {
  it('matches SciPy’s false_discovery_control, keeping the input order.', () => {
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.5, 0.2]);
    [0.03, 0.06, 0.06, 0.03, 0.5, 0.24].forEach((e, i) => expect(q[i]).toBeCloseTo(e, 12));
  });
  it('treats a missing p-value as no evidence (q = 1).', () => {
    expect(benjaminiHochberg([Number.NaN, 0.01])).toEqual([1, 0.02]);
  });
});
