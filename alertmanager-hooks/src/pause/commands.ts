/**
 * Pausing and resuming, as people do it through the API, and expiry, as the worker
 * does it. Each change is audited (who, scope, reason, expiry) and answered only
 * once it is in the shared state, so a failover right after cannot lose it.
 */
import { randomUUID } from 'node:crypto';
import type { Pause, PauseRequest, PauseView } from '@plumb/core/contract/handler-api';
import type { EngineDeps } from '../engine/deps';
import { isActive } from './match';

export type PauseOutcome = { ok: true; pause: PauseView } | { ok: false; status: 404 | 409 | 503; message: string };

export const pauseView = (p: Pause, nowMs: number): PauseView => ({ ...p, active: isActive(p, nowMs) });

async function persisted(deps: EngineDeps, p: Pause): Promise<PauseOutcome> {
  try {
    await deps.state?.settle([{ kind: 'pause', key: p.id }], 5_000);
  } catch (err) {
    return { ok: false, status: 503, message: `recorded locally but not yet in the shared state (${(err as Error).message}); retry` };
  }
  return { ok: true, pause: pauseView(p, deps.now()) };
}

const auditData = (p: Pause, result: string) => ({
  pauseId: p.id,
  result,
  scope: p.scope,
  region: p.region,
  workload: p.workload,
  reason: p.reason,
  by: p.by,
  expiresAtMs: p.expiresAtMs,
  endedBy: p.endedBy,
});

export async function startPause(deps: EngineDeps, req: PauseRequest, person: string): Promise<PauseOutcome> {
  const now = deps.now();
  const p: Pause = {
    id: `pause-${now.toString(36)}-${randomUUID().slice(0, 8)}`,
    scope: req.scope,
    ...(req.region !== undefined ? { region: req.region } : {}),
    ...(req.workload !== undefined ? { workload: req.workload } : {}),
    reason: req.reason,
    by: person,
    startedMs: now,
    expiresAtMs: now + req.expiresInMinutes * 60_000,
  };
  // Audited before it takes effect: a crash between the two repeats nothing harmful.
  await deps.audit.record({ atMs: now, actor: person, kind: 'pause', data: auditData(p, 'paused') });
  deps.ledger.pauses.put(p);
  return persisted(deps, p);
}

export async function endPause(deps: EngineDeps, id: string, person: string, comment?: string): Promise<PauseOutcome> {
  const p = deps.ledger.pauses.get(id);
  if (p === undefined) return { ok: false, status: 404, message: `no pause ${id}` };
  const now = deps.now();
  if (!isActive(p, now)) return { ok: false, status: 409, message: `pause ${id} already ended (${p.endedBy ?? 'expired'})` };
  const ended: Pause = { ...p, endedMs: now, endedBy: person };
  await deps.audit.record({ atMs: now, actor: person, kind: 'pause', data: { ...auditData(ended, 'resumed'), comment } });
  deps.ledger.pauses.put(ended);
  return persisted(deps, ended);
}

/** Marks pauses past their expiry as ended, each audited once (the worker calls this every round). */
export async function expirePauses(deps: EngineDeps): Promise<void> {
  const now = deps.now();
  for (const p of deps.ledger.pauses.all()) {
    if (p.endedMs !== undefined || p.expiresAtMs > now) continue;
    const ended: Pause = { ...p, endedMs: p.expiresAtMs, endedBy: 'expired' };
    await deps.audit.record({ atMs: now, actor: deps.actor, kind: 'pause', data: auditData(ended, 'expired') });
    deps.ledger.pauses.put(ended);
  }
}
