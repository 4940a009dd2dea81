/** One remediation action as the ledger stores it, and its row mapping. */
import type { ActionState } from '@plumb/core/contract';
import type { Mode } from '../config/schema';
import type { PlaybookName } from '../playbooks/catalog';

// The states are part of the contract; the ledger stores them.
export { ACTION_STATES, OPEN_STATES, type ActionState } from '@plumb/core/contract';

export interface ActionRecord {
  id: string;
  fingerprint: string | undefined;
  startsAt: string | undefined;
  node: string;
  region: string;
  pool: string;
  workload: string;
  dimension: string;
  severity: string;
  rule: string;
  platform: string;
  playbook: PlaybookName;
  approvalRequired: boolean;
  mode: Mode;
  state: ActionState;
  requestedBy: string;
  approvedBy: string | undefined;
  cost: number;
  createdMs: number;
  updatedMs: number;
  startedMs: number | undefined;
  finishedMs: number | undefined;
  verifyAtMs: number | undefined;
  lastRefusal: string | undefined;
  detail: string | undefined;
  /** Playbook progress kept across restarts, e.g. pods already evicted. */
  progress: Record<string, unknown>;
  /** Set on rollbacks: the action this one undoes. */
  inverseOf: string | undefined;
}

type Column = [string, (a: ActionRecord) => unknown];
/** The fields of an action created at `nowMs` that has not run: no approval, cost, progress or outcome yet. */
export function notStarted(nowMs: number) {
  return {
    approvedBy: undefined,
    cost: 0,
    createdMs: nowMs,
    updatedMs: nowMs,
    startedMs: undefined,
    finishedMs: undefined,
    verifyAtMs: undefined,
    lastRefusal: undefined,
    progress: {},
  } satisfies Partial<ActionRecord>;
}

/** A pending action that undoes `of` (a quarantine's release, an operator's rollback); it needs no approval of its own. */
export function inverseOf(of: ActionRecord, o: { idSuffix: string; playbook: PlaybookName; requestedBy: string; detail: string; nowMs: number }): ActionRecord {
  return {
    ...of,
    ...notStarted(o.nowMs),
    id: `${of.id}-${o.idSuffix}`,
    playbook: o.playbook,
    approvalRequired: false,
    state: 'pending',
    requestedBy: o.requestedBy,
    detail: o.detail,
    inverseOf: of.id,
  };
}

export const ACTION_COLUMNS: readonly Column[] = [
  ['id', (a) => a.id],
  ['fingerprint', (a) => a.fingerprint ?? null],
  ['starts_at', (a) => a.startsAt ?? null],
  ['node', (a) => a.node],
  ['region', (a) => a.region],
  ['pool', (a) => a.pool],
  ['workload', (a) => a.workload],
  ['dimension', (a) => a.dimension],
  ['severity', (a) => a.severity],
  ['rule', (a) => a.rule],
  ['platform', (a) => a.platform],
  ['playbook', (a) => a.playbook],
  ['approval_required', (a) => (a.approvalRequired ? 1 : 0)],
  ['mode', (a) => a.mode],
  ['state', (a) => a.state],
  ['requested_by', (a) => a.requestedBy],
  ['approved_by', (a) => a.approvedBy ?? null],
  ['cost', (a) => a.cost],
  ['created_ms', (a) => a.createdMs],
  ['updated_ms', (a) => a.updatedMs],
  ['started_ms', (a) => a.startedMs ?? null],
  ['finished_ms', (a) => a.finishedMs ?? null],
  ['verify_at_ms', (a) => a.verifyAtMs ?? null],
  ['last_refusal', (a) => a.lastRefusal ?? null],
  ['detail', (a) => a.detail ?? null],
  ['progress', (a) => JSON.stringify(a.progress)],
  ['inverse_of', (a) => a.inverseOf ?? null],
];

const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

export function rowToAction(r: Record<string, unknown>): ActionRecord {
  return {
    id: r.id as string,
    fingerprint: opt(r.fingerprint),
    startsAt: opt(r.starts_at),
    node: r.node as string,
    region: r.region as string,
    pool: r.pool as string,
    workload: r.workload as string,
    dimension: r.dimension as string,
    severity: r.severity as string,
    rule: r.rule as string,
    platform: r.platform as string,
    playbook: r.playbook as PlaybookName,
    approvalRequired: r.approval_required === 1,
    mode: r.mode as Mode,
    state: r.state as ActionState,
    requestedBy: r.requested_by as string,
    approvedBy: opt(r.approved_by),
    cost: r.cost as number,
    createdMs: r.created_ms as number,
    updatedMs: r.updated_ms as number,
    startedMs: opt(r.started_ms),
    finishedMs: opt(r.finished_ms),
    verifyAtMs: opt(r.verify_at_ms),
    lastRefusal: opt(r.last_refusal),
    detail: opt(r.detail),
    progress: JSON.parse((r.progress as string) ?? '{}') as Record<string, unknown>,
    inverseOf: opt(r.inverse_of),
  };
}
