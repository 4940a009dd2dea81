/** Which rollout mode applies to a region × workload, pure. */
import type { Mode } from '../config/schema';

export interface ModeRule {
  region: string;
  workload: string;
  mode: Mode;
}

/** The most specific rule wins: region+workload, then region, then workload, then the default. */
export function modeFor(rules: readonly ModeRule[], fallback: Mode, region: string, workload: string): Mode {
  const score = (r: ModeRule) => (r.region === region ? 2 : r.region === '*' ? 0 : -10) + (r.workload === workload ? 1 : r.workload === '*' ? 0 : -10);
  let best: { mode: Mode; score: number } | undefined;
  for (const r of rules) {
    const s = score(r);
    if (s < 0) continue;
    if (best === undefined || s > best.score) best = { mode: r.mode, score: s };
  }
  return best?.mode ?? fallback;
}
