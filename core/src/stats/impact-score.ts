/**
 * The impact score: one number to order drift by, 0–100. It multiplies four parts, each
 * in [0, 1], so that a drift scores high only when it is harmful, clearly so, wide and
 * severe at once:
 * - effect: Cliff's delta in the direction the symptom gets worse (a cohort that is
 *   *better* than compliant nodes scores 0);
 * - confidence: −log10(q) / −log10(Q_FULL), capped at 1, from the BH q-value;
 * - reach: log2(1 + nodes) / log2(1 + reference), the share of the fleet in play on a
 *   log scale, so that 5 nodes count for more than 1 but 500 are not 100× more;
 * - severity: info 1/3, sla-risk 2/3, correctness-risk 1.
 * Reach and severity are softened (½ + ½·x) so a narrow but proven correctness problem
 * is not buried under a wide harmless one.
 */

export type SeverityName = 'info' | 'sla-risk' | 'correctness-risk';

/** q-value at which confidence reaches 1. */
export const Q_FULL = 0.001;

const SEVERITY_WEIGHT: Record<SeverityName, number> = { info: 1 / 3, 'sla-risk': 2 / 3, 'correctness-risk': 1 };

export interface ImpactInputs {
  /** Cliff's delta oriented so that positive means the cohort is worse. */
  worseDelta: number;
  /** BH-adjusted q-value (or a p-value when only one comparison is made). */
  qValue: number;
  nodesAffected: number;
  /** Nodes of the workload that could have drifted (cohort + compliant). */
  nodesInScope: number;
  severity: SeverityName;
}

export interface ImpactScore {
  score: number;
  parts: { effect: number; confidence: number; reach: number; severity: number };
}

/** Scores one cohort; non-finite inputs give a score of 0, never NaN. */
export function impactScore(i: ImpactInputs): ImpactScore {
  const effect = clamp01(Number.isFinite(i.worseDelta) ? i.worseDelta : 0);
  const q = Number.isFinite(i.qValue) ? Math.max(i.qValue, Number.MIN_VALUE) : 1;
  const confidence = clamp01(-Math.log10(q) / -Math.log10(Q_FULL));
  const scope = Math.max(i.nodesInScope, i.nodesAffected, 1);
  const reach = clamp01(Math.log2(1 + Math.max(0, i.nodesAffected)) / Math.log2(1 + scope));
  const severity = SEVERITY_WEIGHT[i.severity];
  const raw = effect * confidence * (0.5 + 0.5 * reach) * (0.5 + 0.5 * severity);
  return { score: Math.round(raw * 1000) / 10, parts: { effect, confidence, reach, severity } };
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
