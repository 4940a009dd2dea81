/**
 * The remediation handler's HTTP API as zod schemas: the handler validates requests
 * with them (a 400 names the field) and the Grafana plugin decodes responses with the
 * same ones. Browser-safe: zod and the contract only.
 */
import { z } from 'zod';
import { AuditRecordSchema } from '../state/events';
import { ACTION_STATES } from './actions';

export const MODES = ['observe', 'dry-run', 'enforce'] as const;
export type Mode = (typeof MODES)[number];
/** Handler roles, ordered: an approver may do what an operator may, an operator what a viewer may. */
export const ROLES = ['viewer', 'operator', 'approver'] as const;
export type Role = (typeof ROLES)[number];

/** An action as the API reports it: the ledger record and whether a rollback would be accepted. */
export const ActionViewSchema = z.object({
  id: z.string(),
  fingerprint: z.string().optional(),
  startsAt: z.string().optional(),
  node: z.string(),
  region: z.string(),
  pool: z.string(),
  workload: z.string(),
  dimension: z.string(),
  severity: z.string(),
  rule: z.string(),
  platform: z.string(),
  playbook: z.string(),
  approvalRequired: z.boolean(),
  mode: z.enum(MODES),
  state: z.enum(ACTION_STATES),
  requestedBy: z.string().describe('The person (or `plumb-hooks/<replica>`) who asked for it.'),
  approvedBy: z.string().optional().describe('The person who approved it.'),
  cost: z.number(),
  createdMs: z.number(),
  updatedMs: z.number(),
  startedMs: z.number().optional(),
  finishedMs: z.number().optional(),
  verifyAtMs: z.number().optional(),
  lastRefusal: z.string().optional().describe('Why it waits or was refused: `<guardrail>: <detail>`, e.g. `paused: …`.'),
  detail: z.string().optional(),
  progress: z.record(z.string(), z.unknown()),
  inverseOf: z.string().optional(),
  canRollback: z.boolean(),
});
export type ActionView = z.infer<typeof ActionViewSchema>;

export const ActionListSchema = z.object({ actions: z.array(ActionViewSchema), next: z.string().optional() });
export const ActionOneSchema = z.object({ action: ActionViewSchema });
export const ApprovalListSchema = z.object({ approvals: z.array(ActionViewSchema) });

export const BudgetStatusSchema = z.object({
  region: z.string(),
  runningTasks: z.number(),
  limitTasks: z.number(),
  usedTasks: z.number(),
  dryRunUsedTasks: z.number(),
  windowMs: z.number(),
});
export type BudgetStatus = z.infer<typeof BudgetStatusSchema>;
export const BudgetListSchema = z.object({ budget: z.array(BudgetStatusSchema) });

export const AuditPageSchema = z.object({ records: z.array(AuditRecordSchema), next: z.number().optional() });

/** Body of approve, reject, rollback and resume. */
export const CommentBodySchema = z.strictObject({ comment: z.string().max(2000).optional() }).default({});

export const PAUSE_SCOPES = ['global', 'region', 'workload'] as const;
export type PauseScope = (typeof PAUSE_SCOPES)[number];
/** The longest a pause may be asked for: a forgotten pause ends by itself (and alerts before). */
export const MAX_PAUSE_MINUTES = 7 * 24 * 60;

/** `POST /api/v1/pause`: what to stop, why, and until when. */
export const PauseRequestSchema = z
  .strictObject({
    scope: z.enum(PAUSE_SCOPES),
    region: z.string().min(1).optional().describe('With scope `region`, e.g. `eu-west-1`.'),
    workload: z.string().min(1).optional().describe('With scope `workload`, e.g. `spark-streaming`.'),
    reason: z.string().trim().min(3).max(500).describe('Why, for the audit log and the people who find it on.'),
    expiresInMinutes: z.number().int().min(1).max(MAX_PAUSE_MINUTES).describe('Ends by itself after this long, e.g. `120`.'),
  })
  .superRefine((p, ctx) => {
    for (const field of ['region', 'workload'] as const) {
      const wanted = p.scope === field;
      if (wanted && p[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `scope ${field} needs ${field}` });
      if (!wanted && p[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: `only scope ${field} takes ${field}` });
    }
  });
export type PauseRequest = z.infer<typeof PauseRequestSchema>;

/** A pause as the handler keeps it (shared state) and reports it. */
export const PauseSchema = z.object({
  id: z.string(),
  scope: z.enum(PAUSE_SCOPES),
  region: z.string().optional(),
  workload: z.string().optional(),
  reason: z.string(),
  by: z.string().describe('The person who paused.'),
  startedMs: z.number(),
  expiresAtMs: z.number(),
  endedMs: z.number().optional(),
  endedBy: z.string().optional().describe('The person who resumed, or `expired`.'),
});
export type Pause = z.infer<typeof PauseSchema>;
export const PauseViewSchema = PauseSchema.extend({ active: z.boolean() });
export type PauseView = z.infer<typeof PauseViewSchema>;
export const PauseListSchema = z.object({ pauses: z.array(PauseViewSchema) });
export const PauseOneSchema = z.object({ pause: PauseViewSchema });

/** The person behind a request, as the handler resolved it (`GET /api/v1/whoami`). */
export const WhoAmISchema = z.object({ name: z.string(), role: z.enum(ROLES), via: z.enum(['token', 'grafana']) });
export type WhoAmI = z.infer<typeof WhoAmISchema>;
