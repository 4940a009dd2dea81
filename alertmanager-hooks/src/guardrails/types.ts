/**
 * Guardrails are pure functions from a snapshot of the world to a decision.
 * A refusal is a value that is recorded in the audit log, never an exception.
 */
import type { Mode } from '../config/schema';
import type { PlaybookName } from '../playbooks/catalog';
import type { BreakerOutcome } from './breaker';

export const GUARDRAILS = [
  'mode',
  'approval',
  'circuit-breaker',
  'other-remediator',
  'blocking-alerts',
  'maintenance-window',
  'cool-down',
  'attempt-cap',
  'quarantine-cap',
  'min-healthy',
  'concurrency',
  'disruption-budget',
] as const;
export type GuardrailName = (typeof GUARDRAILS)[number];

/**
 * What to do after a refusal: `later` re-evaluates while the alert fires
 * (budget, window…), `never` closes the action, `escalate` closes it and pages a person.
 */
export type RefusalFollowUp = 'later' | 'never' | 'escalate';

export type GuardrailCheck =
  { guardrail: GuardrailName; allowed: true; detail: string } | { guardrail: GuardrailName; allowed: false; detail: string; followUp: RefusalFollowUp };

/** The action being considered. */
export interface ProposedAction {
  id: string;
  node: string;
  region: string;
  pool: string;
  workload: string;
  playbook: PlaybookName;
  /** Tasks the action would disrupt (weighted pods, executors, slots). */
  cost: number;
  requestedBy: string;
  approvalRequired: boolean;
  approvedBy?: string | undefined;
}

/** Everything the guardrails need, gathered by adapters before evaluation. */
export interface GuardrailContext {
  nowMs: number;
  mode: Mode;
  action: ProposedAction;
  /** Whether the playbook interrupts running tasks (restart, drain, redeploy, EMR decommission). */
  disruptive: boolean;
  /** Whether the playbook takes the node out of scheduling (quarantine, drain). */
  removesCapacity: boolean;
  budget: { maxShare: number; windowMs: number; runningTasks: number; usedTasks: number };
  quarantine: { cap: number; poolNodes: number; poolOutOfService: number };
  concurrency: { limit: number; running: number };
  /** Result of the maintenance-window calendar for this region at `nowMs`. */
  window: { configured: boolean; open: boolean; detail: string };
  /** Names of blocking (symptom SLO) alerts firing in the region. */
  blockingAlerts: string[];
  breaker: {
    widespreadAlerts: string[];
    failureRate: number;
    minActions: number;
    windowMs: number;
    cooldownMs: number;
    outcomes: BreakerOutcome[];
    inFlightStartedMs: number[];
  };
  /**
   * The pool's health, NodeHealthCheck-style: `healthy` nodes are Ready and in service (not
   * quarantined, cordoned or held by an in-flight action); `nodeHealthy` says whether the
   * node acted on is one of them. `minHealthy` 0 turns the check off.
   */
  health: { minHealthy: number; poolNodes: number; healthy: number; nodeHealthy: boolean };
  /** Another remediator handling the node (kured, Medik8s), or undefined when none does. */
  otherRemediator: string | undefined;
  cooldown: { perNodeMs: number; lastActionOnNodeMs?: number | undefined; attempts: number; maxAttempts: number };
}

export type Guardrail = (ctx: GuardrailContext) => GuardrailCheck;

export type Decision =
  | { allowed: true; checks: GuardrailCheck[] }
  | { allowed: false; checks: GuardrailCheck[]; refusedBy: GuardrailName; detail: string; followUp: RefusalFollowUp };

export const allow = (guardrail: GuardrailName, detail: string): GuardrailCheck => ({ guardrail, allowed: true, detail });
export const refuse = (guardrail: GuardrailName, detail: string, followUp: RefusalFollowUp): GuardrailCheck => ({
  guardrail,
  allowed: false,
  detail,
  followUp,
});
