/** The cost of an action in this round: from the snapshot, kept once the action has started. */
import type { ActionRecord } from '../ledger/action';
import type { RoundState } from './context';
import type { EngineDeps } from './deps';
import { actionCost } from './costs';

export function costOf(deps: EngineDeps, action: ActionRecord, round: RoundState): number {
  const { budget } = deps.config;
  const cost = actionCost(action, round.snapshot, deps.selectors, budget.weights, budget.defaultPodTasks, budget.emrNodeTasks);
  // SQLite stores REAL; an unknown cost is kept as a huge number, which the budget refuses.
  return Number.isFinite(cost) ? cost : 1e12;
}
