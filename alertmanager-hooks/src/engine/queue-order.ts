/**
 * The order open actions are decided in, pure: worst severity first, then the highest
 * measured impact (core's impact ranking: drift correlated with data symptoms), then the
 * oldest. Guardrails that count (budget, caps, concurrency) then go to the actions that
 * matter most, not to whichever alert arrived first.
 */
import { SEVERITY_RANK, type Severity } from '@plumb/core/contract';
import type { ActionRecord } from '../ledger/action';

const rank = (severity: string) => SEVERITY_RANK[severity as Severity] ?? 0;

export function orderQueue(actions: readonly ActionRecord[], impactOf: (a: ActionRecord) => number): ActionRecord[] {
  const scored = actions.map((a) => ({ a, impact: impactOf(a) }));
  scored.sort(
    (x, y) =>
      rank(y.a.severity) - rank(x.a.severity) || y.impact - x.impact || x.a.createdMs - y.a.createdMs || (x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : 0),
  );
  return scored.map((s) => s.a);
}
