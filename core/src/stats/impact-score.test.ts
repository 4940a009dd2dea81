import { describe, expect, it } from 'vitest';
import { impactScore, type ImpactInputs } from './impact-score';
import { mannWhitneyU } from './mann-whitney';
import { stratifiedRankSum } from './stratified';

const strong: ImpactInputs = { worseDelta: 1, qValue: 0.0001, nodesAffected: 5, nodesInScope: 30, severity: 'correctness-risk' };

describe('the impact score', () => {
  it.each([
    ['an effect in the better direction scores zero', { ...strong, worseDelta: -0.9 }, (s: number) => s === 0],
    ['no evidence (q = 1) scores zero', { ...strong, qValue: 1 }, (s: number) => s === 0],
    ['a NaN effect scores zero instead of NaN', { ...strong, worseDelta: Number.NaN }, (s: number) => s === 0],
  ])('%s.', (_n, input, check) => {
    expect(check(impactScore(input).score)).toBe(true);
  });
  it('multiplies effect, confidence, softened reach and softened severity (5 of 30 nodes → 76.1).', () => {
    const reach = Math.log2(6) / Math.log2(31);
    expect(impactScore(strong).score).toBeCloseTo(Math.round(1000 * (0.5 + 0.5 * reach)) / 10, 10);
    expect(impactScore(strong).score).toBe(76.1);
  });
  it.each([
    ['correctness-risk outranks sla-risk, all else equal', strong, { ...strong, severity: 'sla-risk' as const }],
    ['sla-risk outranks info, all else equal', { ...strong, severity: 'sla-risk' as const }, { ...strong, severity: 'info' as const }],
    ['more nodes outrank fewer, all else equal', { ...strong, nodesAffected: 10 }, { ...strong, nodesAffected: 2 }],
    ['a smaller q-value outranks a larger one', { ...strong, qValue: 0.005 }, { ...strong, qValue: 0.05 }],
    ['a larger effect outranks a smaller one', { ...strong, worseDelta: 0.9 }, { ...strong, worseDelta: 0.4 }],
  ])('%s.', (_n, higher, lower) => {
    expect(impactScore(higher).score).toBeGreaterThan(impactScore(lower).score);
  });
});

describe('the stratified rank-sum test', () => {
  const x = [19, 22, 16, 29, 24];
  const y = [20, 11, 17, 12];
  it('is the plain Mann–Whitney test when there is one stratum.', () => {
    const s = stratifiedRankSum([{ name: 'eu-west-1', x, y }]);
    const m = mannWhitneyU(x, y);
    expect(s.ok && m.ok && [s.u1, s.pValue]).toEqual(m.ok ? [m.u1, m.pValue] : []);
  });
  it('grows z by √2 when the same evidence is seen in two identical strata.', () => {
    const one = stratifiedRankSum([
      { name: 'a', x, y },
      { name: 'skipped', x: [], y: [1] },
    ]);
    const two = stratifiedRankSum([
      { name: 'a', x, y },
      { name: 'b', x, y },
    ]);
    const plainZ = mannWhitneyU(x, y).ok ? (mannWhitneyU(x, y) as { z: number }).z : Number.NaN;
    expect(one.ok && one.used).toEqual(['a']);
    expect(two.ok && two.z).toBeCloseTo(Math.SQRT2 * plainZ, 12);
    expect(two.ok && two.pairs).toBe(40);
  });
  it('reports that no stratum can be compared instead of throwing.', () => {
    expect(stratifiedRankSum([{ name: 'a', x: [1], y: [] }]).ok).toBe(false);
  });
});
