/** The remediation handler's action lifecycle, as its API reports it. */

/**
 * Lifecycle: pending → (awaiting-approval → approved →) running → verifying → succeeded | escalated,
 * with side exits: deferred (a guardrail said "later"), refused, failed, dry-run, observed,
 * rejected, cancelled (alert resolved first), no-op (nothing to do), rolled-back.
 */
export const ACTION_STATES = [
  'pending',
  'deferred',
  'awaiting-approval',
  'approved',
  'running',
  'verifying',
  'succeeded',
  'escalated',
  'failed',
  'refused',
  'dry-run',
  'observed',
  'rejected',
  'cancelled',
  'no-op',
  'rolled-back',
] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** States in which the worker still has something to do. */
export const OPEN_STATES: readonly ActionState[] = ['pending', 'deferred', 'approved', 'running', 'verifying'];

/**
 * States of an applied action whose effect can be undone (when its playbook has an
 * inverse and it started): the handler accepts a rollback only in these.
 */
export const ROLLBACK_STATES: readonly ActionState[] = ['succeeded', 'verifying', 'escalated', 'failed'];
