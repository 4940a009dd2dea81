/**
 * Van Elteren's stratified rank-sum test: one Mann–Whitney comparison per stratum
 * (here: per region, so a drifted node is only ever compared with compliant nodes of
 * its own region), combined with weights 1/(N+1). With a single stratum it is the plain
 * Mann–Whitney test, exact when small.
 */
import { checkSamples, mannWhitneyU, uMoments, type Alternative } from './mann-whitney';
import { normalSurvival } from './normal';
import { midRanks } from './rank';

export interface Stratum {
  /** Stratum name, e.g. a region. */
  name: string;
  /** The cohort's values in this stratum. */
  x: readonly number[];
  /** The reference (compliant) values in this stratum. */
  y: readonly number[];
}

export type StratifiedResult =
  | {
      ok: true;
      /** Strata that had values on both sides. */
      used: string[];
      n1: number;
      n2: number;
      /** Σ U1 and Σ n1·n2 over the used strata: their ratio is the pooled P(x > y). */
      u1: number;
      pairs: number;
      z: number;
      pValue: number;
      method: 'exact' | 'normal';
    }
  | { ok: false; reason: string };

/** Tests whether x tends to exceed y within strata. Strata missing either side are skipped. */
export function stratifiedRankSum(strata: readonly Stratum[], alternative: Alternative = 'two-sided'): StratifiedResult {
  const usable = strata.filter((s) => s.x.length > 0 && s.y.length > 0);
  if (usable.length === 0) return { ok: false, reason: 'no stratum has both cohort and reference values' };
  for (const s of usable) {
    const bad = checkSamples(s.x, s.y);
    if (bad) return { ok: false, reason: `stratum ${s.name}: ${bad}` };
  }
  const totals = usable.reduce((t, s) => ({ n1: t.n1 + s.x.length, n2: t.n2 + s.y.length, pairs: t.pairs + s.x.length * s.y.length }), {
    n1: 0,
    n2: 0,
    pairs: 0,
  });
  if (usable.length === 1) {
    const only = usable[0]!;
    const r = mannWhitneyU(only.x, only.y, { alternative });
    if (!r.ok) return r;
    return { ok: true, used: [only.name], ...totals, u1: r.u1, z: r.z, pValue: r.pValue, method: r.method };
  }
  let u1 = 0;
  let weighted = 0;
  let variance = 0;
  for (const s of usable) {
    const { ranks, tieSizes } = midRanks([...s.x, ...s.y]);
    let r1 = 0;
    for (let i = 0; i < s.x.length; i++) r1 += ranks[i]!;
    const u = r1 - (s.x.length * (s.x.length + 1)) / 2;
    const m = uMoments(s.x.length, s.y.length, tieSizes);
    const w = 1 / (s.x.length + s.y.length + 1);
    u1 += u;
    weighted += w * (u - m.mean);
    variance += w * w * m.sd * m.sd;
  }
  const sd = Math.sqrt(variance);
  const z = sd === 0 ? 0 : weighted / sd;
  const p = sd === 0 ? 1 : alternative === 'greater' ? normalSurvival(z) : alternative === 'less' ? normalSurvival(-z) : 2 * normalSurvival(Math.abs(z));
  return { ok: true, used: usable.map((s) => s.name), ...totals, u1, z, pValue: Math.min(1, p), method: 'normal' };
}
