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
import { handlerGet, handlerPost, type HandlerRoutes } from './backend';
import { HANDLER_PROXY } from '../constants';

export type { ActionView, BudgetStatus as BudgetView, PauseView, WhoAmI } from '@plumb/core/contract/handler-api';

// Each call takes the routes of the handler to ask: a region's, or the single handler's.
export const listActions = async (routes: HandlerRoutes = HANDLER_PROXY) =>
  (await handlerGet(ActionListSchema, '/api/v1/actions', { limit: '500' }, routes)).actions;
export const listApprovals = async (routes: HandlerRoutes = HANDLER_PROXY) =>
  (await handlerGet(ApprovalListSchema, '/api/v1/approvals', undefined, routes)).approvals;
export const getBudget = async (routes: HandlerRoutes = HANDLER_PROXY) => (await handlerGet(BudgetListSchema, '/api/v1/budget', undefined, routes)).budget;
export const listAudit = async (limit = 200, routes: HandlerRoutes = HANDLER_PROXY) =>
  (await handlerGet(AuditPageSchema, '/api/v1/audit', { limit: String(limit) }, routes)).records;
export const listPauses = async (routes: HandlerRoutes = HANDLER_PROXY) => (await handlerGet(PauseListSchema, '/api/v1/pause', undefined, routes)).pauses;
/** Who this handler says the signed-in user is, and their role there (each region's handler has its own lists). */
export const whoAmI = (routes: HandlerRoutes = HANDLER_PROXY) => handlerGet(WhoAmISchema, '/api/v1/whoami', undefined, routes);

/** Approve or reject; the handler records the decision in the audit log with the comment. */
export const decide = (id: string, decision: 'approve' | 'reject', comment: string, routes: HandlerRoutes = HANDLER_PROXY) =>
  handlerPost(ActionOneSchema, 'approve', `/api/v1/actions/${encodeURIComponent(id)}/${decision}`, { comment }, routes);

export const rollback = (id: string, comment: string, routes: HandlerRoutes = HANDLER_PROXY) =>
  handlerPost(ActionOneSchema, 'rollback', `/api/v1/actions/${encodeURIComponent(id)}/rollback`, { comment }, routes);

export const pause = (request: PauseRequest, routes: HandlerRoutes = HANDLER_PROXY) => handlerPost(PauseOneSchema, 'pause', '/api/v1/pause', request, routes);
export const resume = (id: string, comment: string, routes: HandlerRoutes = HANDLER_PROXY) =>
  handlerPost(PauseOneSchema, 'pause', `/api/v1/pause/${encodeURIComponent(id)}/resume`, { comment }, routes);
