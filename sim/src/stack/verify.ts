/**
 * Turns what the tracker saw into checks against each event's `expect`. A check passes,
 * waits (it may still pass), or fails for good: a flagged node, an unexpected drift or a
 * wrong severity cannot be taken back, and an expectation not met within the settle
 * time after its event will not be met. The run report and the end-to-end test both
 * use these checks.
 */
import type { TruthRecord } from '../world';
import type { EventObservation } from './tracker';

export type CheckStatus = 'pass' | 'waiting' | 'fail';

export interface Check {
  event: string;
  what: string;
  status: CheckStatus;
  detail: string;
}

/** When the checks are judged, and how long an expectation may take after its event. */
export interface CheckClock {
  nowMs: number;
  settleMs: number;
}

/** Pass when `ok`; otherwise wait while the settle time since `sinceMs` runs, then fail. */
function until(ok: boolean, sinceMs: number, clock: CheckClock): CheckStatus {
  return ok ? 'pass' : clock.nowMs - sinceMs < clock.settleMs ? 'waiting' : 'fail';
}

/** Pass while nothing went wrong; a violation is final. */
const never = (violated: boolean): CheckStatus => (violated ? 'fail' : 'pass');

/** Pass when the set holds exactly `want`; wait while it is empty; anything else is final. */
function exactly(seen: ReadonlySet<string | undefined>, want: string, sinceMs: number, clock: CheckClock): CheckStatus {
  if (seen.size === 0) return until(false, sinceMs, clock);
  return seen.size === 1 && seen.has(want) ? 'pass' : 'fail';
}

export function checkEvents(observations: ReadonlyMap<TruthRecord, EventObservation>, unexpected: ReadonlyMap<string, number>, clock: CheckClock): Check[] {
  const checks: Check[] = [];
  checks.push({
    event: 'fleet',
    what: 'no drift beyond the injected',
    status: never(unexpected.size > 0),
    detail:
      unexpected.size === 0
        ? 'every flagged node/dimension was injected'
        : `unexpected: ${[...unexpected.keys()].slice(0, 5).join('; ')}${unexpected.size > 5 ? ` and ${unexpected.size - 5} more` : ''}`,
  });
  for (const [record, obs] of observations) {
    const e = record.event;
    const add = (what: string, status: CheckStatus, detail: string) => checks.push({ event: e.name, what, status, detail });
    const after = (ms: number | undefined) => (ms === undefined ? 'not yet' : `after ${((ms - record.appliedAtMs) / 1000).toFixed(1)} s`);
    const applied = record.appliedAtMs;
    if (record.nodes.length === 0) {
      add('targets nodes', 'fail', 'the selector matched no node');
      continue;
    }
    if (e.action === 'drift' && e.expect.flagged) {
      add('detected', until(obs.detectedAtMs !== undefined, applied, clock), `${record.nodes.length} node(s) flagged ${after(obs.detectedAtMs)}`);
      if (e.expect.severity)
        add(`severity ${e.expect.severity}`, exactly(obs.severities, e.expect.severity, applied, clock), `saw ${[...obs.severities].join(', ') || 'none'}`);
      if (e.expect.playbook)
        add(`playbook ${e.expect.playbook}`, exactly(obs.playbooks, e.expect.playbook, applied, clock), `saw ${[...obs.playbooks].join(', ') || 'none'}`);
      // A flap is only a flap once reverted; the settle time runs from the revert.
      if (e.expect.flapping) add('flapping marked', until(obs.flappingAtMs !== undefined, record.revertedAtMs ?? clock.nowMs, clock), after(obs.flappingAtMs));
      if (e.expect.circuitBreaker) add('widespread alert fired', until(obs.widespreadAtMs !== undefined, applied, clock), after(obs.widespreadAtMs));
    }
    if (e.action === 'drift' && !e.expect.flagged)
      add(
        'not flagged (allowed divergence)',
        never(obs.wronglyFlagged.size > 0),
        obs.wronglyFlagged.size === 0 ? `${record.nodes.length} node(s) never flagged` : `flagged: ${[...obs.wronglyFlagged].slice(0, 5).join(', ')}`,
      );
    if ((e.action === 'silence' || e.action === 'fail-collector') && e.expect.unknown !== false)
      add('shown as unknown', until(obs.unknownAtMs !== undefined, applied, clock), `${record.nodes.length} node(s) unknown ${after(obs.unknownAtMs)}`);
    if (e.action === 'remove-nodes')
      add(
        'removed nodes not unknown',
        never(obs.removedShownUnknown.size > 0),
        obs.removedShownUnknown.size === 0 ? `${record.nodes.length} node(s) left cleanly` : `unknown: ${[...obs.removedShownUnknown].join(', ')}`,
      );
    if (e.action === 'add-nodes')
      add(
        'added nodes compliant',
        never(obs.wronglyFlagged.size > 0),
        obs.wronglyFlagged.size === 0 ? `${record.nodes.length} node(s) joined compliant` : `flagged: ${[...obs.wronglyFlagged].join(', ')}`,
      );
  }
  return checks;
}

/** One record of plumb-hooks' audit log, as far as the checks below read it. */
export interface AuditEntry {
  kind: string;
  atMs: number;
  data: {
    node?: string;
    region?: string;
    dimension?: string;
    playbook?: string;
    mode?: string;
    cost?: number;
    reason?: string;
    detail?: string;
    budget?: { runningTasks: number; maxShare: number };
    checks?: { guardrail: string; allowed: boolean; detail?: string }[];
  };
}

/**
 * What the handler did with the injected drift, checked from its audit log: the
 * playbook each event expects, a disruption budget never exceeded (decisions that
 * passed every guardrail, summed per region over the budget window, against the
 * share of running tasks), and the circuit breaker on a widespread rollout.
 */
export function checkHandler(truth: readonly TruthRecord[], audit: readonly AuditEntry[], clock: CheckClock, budgetWindowMs = 3_600_000): Check[] {
  const checks: Check[] = [];
  const decisions = audit.filter((r) => r.kind === 'decision');
  for (const record of truth) {
    const e = record.event;
    if (e.action !== 'drift' || !e.expect.flagged) continue;
    const keys = Object.keys(e.set ?? {});
    const mine = decisions.filter((d) => record.nodes.includes(d.data.node ?? '') && keys.includes(d.data.dimension ?? ''));
    if (e.expect.playbook) {
      const chosen = new Set(mine.map((d) => d.data.playbook));
      checks.push({
        event: e.name,
        what: `handler chose ${e.expect.playbook}`,
        status: exactly(chosen, e.expect.playbook, record.appliedAtMs, clock),
        detail: `${mine.length} decision(s): ${[...chosen].join(', ') || 'none yet'}`,
      });
    }
    if (e.expect.circuitBreaker) {
      const regions = new Set(record.nodes.map((n) => decisions.find((d) => d.data.node === n)?.data.region).filter((r): r is string => r !== undefined));
      const tripped = audit.some(
        (r) =>
          (r.data.checks ?? []).some((c) => c.guardrail === 'circuit-breaker' && !c.allowed && keys.some((k) => (c.detail ?? '').includes(k))) ||
          (r.kind === 'escalation' &&
            r.data.reason === 'circuit-breaker' &&
            keys.some((k) => (r.data.detail ?? '').includes(k)) &&
            regions.has(r.data.region ?? '')),
      );
      checks.push({
        event: e.name,
        what: 'circuit breaker tripped',
        status: until(tripped, record.appliedAtMs, clock),
        detail: tripped ? `refusals name the widespread ${keys.join(', ')} drift` : 'no circuit-breaker refusal yet',
      });
    }
  }
  const byRegion = new Map<string, { used: number; limit: number; worst: number }>();
  const passed = decisions.filter((d) => (d.data.checks ?? []).length > 0 && (d.data.checks ?? []).every((c) => c.allowed));
  for (const d of passed) {
    const region = d.data.region ?? '';
    const inWindow = passed.filter((x) => x.data.region === region && x.atMs <= d.atMs && x.atMs > d.atMs - budgetWindowMs);
    const used = inWindow.reduce((n, x) => n + (x.data.cost ?? 0), 0);
    const limit = (d.data.budget?.runningTasks ?? 0) * (d.data.budget?.maxShare ?? 0.01);
    const row = byRegion.get(region) ?? { used: 0, limit, worst: 0 };
    row.worst = Math.max(row.worst, used - limit);
    row.used = Math.max(row.used, used);
    row.limit = limit;
    byRegion.set(region, row);
  }
  const over = [...byRegion].filter(([, r]) => r.worst > 1e-9);
  checks.push({
    event: 'handler',
    what: 'disruption budget never exceeded',
    status: never(over.length > 0),
    detail:
      [...byRegion].map(([region, r]) => `${region} ${r.used} of ${r.limit.toFixed(2)} tasks`).join('; ') || 'no disruptive decision passed the guardrails',
  });
  return checks;
}
