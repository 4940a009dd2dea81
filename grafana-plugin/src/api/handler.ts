/** The remediation handler's read and write API, as the plugin uses it. */
import type { BudgetStatus, ActionView as HandlerActionView } from '@plumb/alertmanager-hooks/http/api-route';
import type { AuditRecordView } from '../audit/chainCheck';
import { handlerGet, handlerPost, type HandlerRoutes } from './backend';
import { HANDLER_PROXY } from '../constants';

/** An action as the handler's API reports it (the fields the plugin shows); the type is the handler's own. */
export type ActionView = Pick<
  HandlerActionView,
  | 'canRollback'
  | 'id'
  | 'node'
  | 'region'
  | 'pool'
  | 'workload'
  | 'dimension'
  | 'severity'
  | 'rule'
  | 'playbook'
  | 'approvalRequired'
  | 'mode'
  | 'state'
  | 'requestedBy'
  | 'approvedBy'
  | 'createdMs'
  | 'updatedMs'
  | 'lastRefusal'
  | 'detail'
  | 'inverseOf'
>;

/** A region's disruption budget as the handler reports it; the type is the handler's own. */
export type BudgetView = BudgetStatus;

// Each call takes the routes of the handler to ask: a region's, or the single handler's.
export const listActions = async (routes: HandlerRoutes = HANDLER_PROXY) =>
  (await handlerGet<{ actions: ActionView[] }>('/api/v1/actions', { limit: '500' }, routes)).actions;
export const listApprovals = async (routes: HandlerRoutes = HANDLER_PROXY) =>
  (await handlerGet<{ approvals: ActionView[] }>('/api/v1/approvals', undefined, routes)).approvals;
export const getBudget = async (routes: HandlerRoutes = HANDLER_PROXY) =>
  (await handlerGet<{ budget: BudgetView[] }>('/api/v1/budget', undefined, routes)).budget;
export const listAudit = async (limit = 200, routes: HandlerRoutes = HANDLER_PROXY) =>
  (await handlerGet<{ records: AuditRecordView[] }>('/api/v1/audit', { limit: String(limit) }, routes)).records;

/** Approve or reject; the handler records the decision in the audit log with the comment. */
export const decide = (id: string, decision: 'approve' | 'reject', comment: string, routes: HandlerRoutes = HANDLER_PROXY) =>
  handlerPost<{ action: ActionView }>('approve', `/api/v1/actions/${encodeURIComponent(id)}/${decision}`, { comment }, routes);

export const rollback = (id: string, comment: string, routes: HandlerRoutes = HANDLER_PROXY) =>
  handlerPost<{ action: ActionView }>('rollback', `/api/v1/actions/${encodeURIComponent(id)}/rollback`, { comment }, routes);
