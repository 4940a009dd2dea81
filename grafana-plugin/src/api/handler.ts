/**
 * The remediation handler's API as the plugin uses it: every response is decoded with
 * the handler's own schemas (`@plumb/core/contract/handler-api`), so the types are the
 * handler's and a mismatch is an error naming the field, never a blank page.
 */
import {
  ActionListSchema,
  ActionOneSchema,
  ApprovalListSchema,
  AuditPageSchema,
  BudgetListSchema,
  PauseListSchema,
  PauseOneSchema,
  WhoAmISchema,
  type PauseRequest,
} from '@plumb/core/contract/handler-api';
import { handlerGet, handlerPost } from './backend';

export type { ActionView, BudgetStatus as BudgetView, PauseView, WhoAmI } from '@plumb/core/contract/handler-api';

export const listActions = async () => (await handlerGet(ActionListSchema, '/api/v1/actions', { limit: '500' })).actions;
export const listApprovals = async () => (await handlerGet(ApprovalListSchema, '/api/v1/approvals')).approvals;
export const getBudget = async () => (await handlerGet(BudgetListSchema, '/api/v1/budget')).budget;
export const listAudit = async (limit = 200) => (await handlerGet(AuditPageSchema, '/api/v1/audit', { limit: String(limit) })).records;
export const listPauses = async () => (await handlerGet(PauseListSchema, '/api/v1/pause')).pauses;
/** Who the handler says the signed-in user is, and their handler role. */
export const whoAmI = () => handlerGet(WhoAmISchema, '/api/v1/whoami');

/** Approve or reject; the handler records the decision in the audit log with the comment. */
export const decide = (id: string, decision: 'approve' | 'reject', comment: string) =>
  handlerPost(ActionOneSchema, 'approve', `/api/v1/actions/${encodeURIComponent(id)}/${decision}`, { comment });

export const rollback = (id: string, comment: string) =>
  handlerPost(ActionOneSchema, 'rollback', `/api/v1/actions/${encodeURIComponent(id)}/rollback`, { comment });

export const pause = (request: PauseRequest) => handlerPost(PauseOneSchema, 'pause', '/api/v1/pause', request);
export const resume = (id: string, comment: string) => handlerPost(PauseOneSchema, 'pause', `/api/v1/pause/${encodeURIComponent(id)}/resume`, { comment });
