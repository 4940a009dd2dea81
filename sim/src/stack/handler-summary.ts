/** What the handler has decided so far, read from its HTTP API with the viewer token. */
import type { HandlerProcess } from './handler';

export interface HandlerAction {
  id: string;
  node: string;
  region: string;
  workload: string;
  dimension: string;
  severity: string;
  playbook: string;
  state: string;
  mode: string;
  cost: number;
  createdMs: number;
  lastRefusal?: string;
}

export interface HandlerSummary {
  decisions: number;
  /** Playbook → actions that would have run (dry-run). */
  wouldDo: Record<string, number>;
  /** Actions a guardrail refused at least once (deferred, refused or escalated); observe mode is not a refusal. */
  refused: number;
  /** Share of running tasks the dry-run actions would have disrupted, per region (0.01 = the 1 % limit). */
  budget: Record<string, number>;
  /** Whether the circuit breaker is open, per region, as the handler reports it. */
  breakerOpen: string[];
}

async function get<T>(h: HandlerProcess, path: string): Promise<T> {
  const res = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${h.tokens.viewer}` }, signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export async function handlerActions(h: HandlerProcess): Promise<HandlerAction[]> {
  const body = await get<{ actions: HandlerAction[] } | HandlerAction[]>(h, '/api/v1/actions?limit=1000');
  return Array.isArray(body) ? body : body.actions;
}

export async function handlerSummary(h: HandlerProcess): Promise<HandlerSummary | undefined> {
  try {
    const actions = await handlerActions(h);
    const budget = await get<{ budget?: BudgetRow[] } | BudgetRow[]>(h, '/api/v1/budget');
    const rows = Array.isArray(budget) ? budget : (budget.budget ?? []);
    const wouldDo: Record<string, number> = {};
    for (const a of actions) if (a.state === 'dry-run') wouldDo[a.playbook] = (wouldDo[a.playbook] ?? 0) + 1;
    return {
      decisions: actions.length,
      wouldDo,
      refused: actions.filter((a) => typeof a.lastRefusal === 'string' && !a.lastRefusal.startsWith('mode:')).length,
      budget: Object.fromEntries(rows.map((r) => [r.region, r.runningTasks > 0 ? (r.dryRunUsedTasks ?? r.usedTasks) / r.runningTasks : 0])),
      breakerOpen: [],
    };
  } catch {
    return undefined;
  }
}

interface BudgetRow {
  region: string;
  runningTasks: number;
  usedTasks: number;
  dryRunUsedTasks?: number;
}
