/** The remediation handler's read and write API, as the plugin uses it. */
import type { BudgetStatus, ActionView as HandlerActionView } from '@plumb/alertmanager-hooks/http/api-route';
import type { AuditRecordView } from '../audit/chainCheck';
import { handlerGet, handlerPost } from './backend';

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

export const listActions = async () => (await handlerGet<{ actions: ActionView[] }>('/api/v1/actions', { limit: '500' })).actions;
export const listApprovals = async () => (await handlerGet<{ approvals: ActionView[] }>('/api/v1/approvals')).approvals;
export const getBudget = async () => (await handlerGet<{ budget: BudgetView[] }>('/api/v1/budget')).budget;
export const listAudit = async (limit = 200) => (await handlerGet<{ records: AuditRecordView[] }>('/api/v1/audit', { limit: String(limit) })).records;

/** Approve or reject; the handler records the decision in the audit log with the comment. */
export const decide = (id: string, decision: 'approve' | 'reject', comment: string) =>
  handlerPost<{ action: ActionView }>('approve', `/api/v1/actions/${encodeURIComponent(id)}/${decision}`, { comment });

export const rollback = (id: string, comment: string) =>
  handlerPost<{ action: ActionView }>('rollback', `/api/v1/actions/${encodeURIComponent(id)}/rollback`, { comment });
