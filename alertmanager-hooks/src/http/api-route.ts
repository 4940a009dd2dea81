/**
 * The HTTP API the Grafana plugin uses. Read: actions, pending approvals,
 * budget status, audit query (viewer). Write: approve/reject (approver), roll
 * back (operator).
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../audit/log';
import type { EngineDeps } from '../engine/deps';
import { approve, reject, rollback, rollbackRefusal, type OperatorOutcome } from '../engine/operator';
import { ACTION_STATES, type ActionRecord } from '../ledger/action';
import { requireRole, type ApiToken, type Principal } from './auth';
import { HttpError } from './errors';

export interface BudgetStatus {
  region: string;
  runningTasks: number;
  limitTasks: number;
  usedTasks: number;
  dryRunUsedTasks: number;
  windowMs: number;
}

export interface ApiDeps {
  engine: EngineDeps;
  audit: AuditLog;
  tokens: readonly ApiToken[];
  budgetStatus: () => Promise<BudgetStatus[]>;
  /** Called after a write so the worker picks the change up at once. */
  onChange: () => void;
}

const ListQuery = z.strictObject({
  state: z.enum(ACTION_STATES).optional(),
  node: z.string().optional(),
  region: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
const AuditQuery = z.strictObject({
  actionId: z.string().optional(),
  node: z.string().optional(),
  kind: z.string().optional(),
  sinceMs: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
const Comment = z.strictObject({ comment: z.string().max(2000).optional() }).default({});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  throw new HttpError(400, `invalid ${what}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
}

function reply(res: express.Response, outcome: OperatorOutcome): void {
  if (!outcome.ok) throw new HttpError(outcome.status, outcome.message);
  res.json({ action: actionView(outcome.action) });
}

/** An action as the API reports it: the ledger record and whether a rollback would be accepted. */
export type ActionView = ActionRecord & { canRollback: boolean };
const actionView = (action: ActionRecord): ActionView => ({ ...action, canRollback: rollbackRefusal(action) === undefined });

export function apiRouter(deps: ApiDeps): Router {
  const r = express.Router();
  const viewer = requireRole(deps.tokens, 'viewer');
  const operator = requireRole(deps.tokens, 'operator');
  const approver = requireRole(deps.tokens, 'approver');
  const who = (res: express.Response) => (res.locals.principal as Principal).name;

  r.get('/api/v1/actions', viewer, (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    res.json({ actions: deps.engine.ledger.listActions(q).map(actionView) });
  });
  r.get('/api/v1/actions/:id', viewer, (req, res) => {
    const action = deps.engine.ledger.getAction(String(req.params.id));
    if (action === undefined) throw new HttpError(404, `no action ${req.params.id}`);
    res.json({ action: actionView(action) });
  });
  r.get('/api/v1/approvals', viewer, (_req, res) => {
    res.json({ approvals: deps.engine.ledger.actionsInState(['awaiting-approval']).map(actionView) });
  });
  r.get('/api/v1/budget', viewer, async (_req, res) => {
    res.json({ budget: await deps.budgetStatus() });
  });
  r.get('/api/v1/audit', viewer, (req, res) => {
    const q = parse(AuditQuery, req.query, 'query');
    const records = deps.audit
      .readAll()
      .filter((rec) => (q.kind === undefined || rec.kind === q.kind) && (q.sinceMs === undefined || rec.atMs >= q.sinceMs))
      .filter((rec) => (q.actionId === undefined || rec.data.actionId === q.actionId) && (q.node === undefined || rec.data.node === q.node));
    res.json({ records: records.slice(-q.limit) });
  });

  const json = express.json({ limit: '16kb', type: () => true });
  r.post('/api/v1/actions/:id/approve', approver, json, async (req, res) => {
    const { comment } = parse(Comment, req.body, 'body');
    reply(res, await approve(deps.engine, String(req.params.id), who(res), comment));
    deps.onChange();
  });
  r.post('/api/v1/actions/:id/reject', approver, json, async (req, res) => {
    const { comment } = parse(Comment, req.body, 'body');
    reply(res, await reject(deps.engine, String(req.params.id), who(res), comment));
  });
  r.post('/api/v1/actions/:id/rollback', operator, json, async (req, res) => {
    const { comment } = parse(Comment, req.body, 'body');
    reply(res, await rollback(deps.engine, String(req.params.id), who(res), comment));
    deps.onChange();
  });
  return r;
}
