/**
 * Answers "who changed what, and when" from change events and the audit trail. Pure.
 *
 * A change is attributed to a remediation when an audit record of kind `action.*` names the
 * same node (and, when it names one, the same workload) shortly before the change was
 * observed; otherwise it is `unattributed`: it happened outside Plumb (a deploy, a hotfix),
 * which is exactly what a SOX review needs to see.
 */
import type { ChangeEvent } from '@plumb/core/state/events';
import type { AuditRecordBody } from '../audit/encode';
import { byEventOrder, dedupeEvents } from './reconstruct';

/** Filters for {@link listChanges}; times are Unix ms, inclusive. */
export interface ChangeQuery {
  node?: string;
  sinceMs?: number;
  untilMs?: number;
  /** How far back from a change an audit action may be to explain it. Default 15 minutes. */
  attributionWindowMs?: number;
}

/** One change with what explains it. */
export interface ChangeRow extends Pick<ChangeEvent, 'node' | 'region' | 'workload' | 'dimension' | 'oldHash' | 'newHash' | 'value' | 'eventId'> {
  /** When it was observed (the event's `observedAtMs`). */
  atMs: number;
  /** `actor kind (action id)` from the audit trail, or `unattributed`. */
  by: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function attribute(e: ChangeEvent, audit: readonly AuditRecordBody[], windowMs: number): string {
  let best: AuditRecordBody | undefined;
  for (const a of audit) {
    if (!a.kind.startsWith('action.') || str(a.data.node) !== e.node) continue;
    const wl = str(a.data.workload);
    if (wl !== undefined && wl !== e.workload) continue;
    if (a.atMs > e.observedAtMs || a.atMs < e.observedAtMs - windowMs) continue;
    if (!best || a.atMs > best.atMs) best = a;
  }
  if (!best) return 'unattributed';
  const id = str(best.data.actionId) ?? str(best.data.playbook);
  return `${best.actor} ${best.kind}${id ? ` (${id})` : ''}`;
}

export function listChanges(events: readonly ChangeEvent[], audit: readonly AuditRecordBody[], q: ChangeQuery = {}): ChangeRow[] {
  const windowMs = q.attributionWindowMs ?? 15 * 60_000;
  return dedupeEvents(events)
    .filter(
      (e) =>
        (q.node === undefined || e.node === q.node) &&
        (q.sinceMs === undefined || e.observedAtMs >= q.sinceMs) &&
        (q.untilMs === undefined || e.observedAtMs <= q.untilMs),
    )
    .sort(byEventOrder)
    .map((e) => {
      const row: ChangeRow = {
        atMs: e.observedAtMs,
        node: e.node,
        region: e.region,
        workload: e.workload,
        dimension: e.dimension,
        eventId: e.eventId,
        by: attribute(e, audit, windowMs),
      };
      if (e.oldHash !== undefined) row.oldHash = e.oldHash;
      if (e.newHash !== undefined) row.newHash = e.newHash;
      if (e.value !== undefined) row.value = e.value;
      return row;
    });
}
