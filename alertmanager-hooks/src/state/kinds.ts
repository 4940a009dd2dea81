/**
 * The kinds of shared state plumb-hooks keeps outside any replica, as a table.
 * Each kind names its objects and says how a record is keyed. Everything a
 * guardrail reads is derived from these records: budget spend, cool-downs and
 * attempts, the breaker's outcomes, quarantines and approvals come from
 * actions; blocking and widespread signals and acknowledged deliveries come
 * from alerts. A new kind of state (pauses, signals of another source) is one
 * more row here and one more table in the local index.
 */
import { createHash } from 'node:crypto';

export interface StateKind {
  /** Label value `plumb.dev/state-kind` and object name prefix. */
  name: string;
  /** What a record of this kind is, for docs and errors. */
  describe: string;
}

export const STATE_KINDS = {
  alert: { name: 'alert', describe: 'an acknowledged alert delivery and whether its firing/resolution was handled' },
  action: { name: 'action', describe: 'an action: state, approvals, cost, start/finish times, playbook progress' },
  pause: { name: 'pause', describe: 'a pause of remediation: scope, reason, who, expiry, and who ended it' },
} as const satisfies Record<string, StateKind>;

export type StateKindName = keyof typeof STATE_KINDS;

export const STATE_KIND_LABEL = 'plumb.dev/state-kind';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'plumb-hooks';

/** A stable, valid object name for a record key (keys may hold characters names may not). */
export function objectName(kind: StateKindName, key: string): string {
  return `plumb-${kind}-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

/** Alerts are keyed like the ledger dedupes them. */
export const alertKey = (fingerprint: string, startsAt: string) => `${fingerprint}|${startsAt}`;
