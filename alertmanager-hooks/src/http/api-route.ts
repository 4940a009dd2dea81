/**
 * The HTTP API the Grafana plugin uses. Read: actions, pending approvals,
 * budget status, audit query (viewer). Write: approve/reject (approver), roll
 * back (operator).
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../audit/log';
import { queryAudit } from '../audit/query';
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
  /** The `next` cursor of the previous page: `<createdMs>:<action id>`. */
  after: z
    .string()
    .regex(/^\d+:act-[0-9a-z-]+$/, 'a cursor from the previous page')
    .optional(),
});
const AuditQuery = z.strictObject({
  actionId: z.string().optional(),
  node: z.string().optional(),
  kind: z.string().optional(),
  sinceMs: z.coerce.number().int().min(0).optional(),
  beforeSeq: z.coerce.number().int().min(1).optional(),
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
    const { after, ...q } = parse(ListQuery, req.query, 'query');
    const cursor = after === undefined ? undefined : { createdMs: Number(after.slice(0, after.indexOf(':'))), id: after.slice(after.indexOf(':') + 1) };
    const actions = deps.engine.ledger.listActions({ ...q, ...(cursor ? { after: cursor } : {}) });
    const last = actions.at(-1);
    // A full page may have more behind it: `next` asks for them.
    res.json({ actions: actions.map(actionView), ...(last && actions.length === q.limit ? { next: `${last.createdMs}:${last.id}` } : {}) });
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
  // Newest matches, oldest first within the page; `next` pages back (beforeSeq). Reads the file backwards with a byte budget, never all of it.
  r.get('/api/v1/audit', viewer, async (req, res) => {
    const q = parse(AuditQuery, req.query, 'query');
    const page = await queryAudit(deps.audit.path, q);
    res.json({ records: page.records, ...(page.next !== undefined ? { next: page.next } : {}) });
  });

  // Only the replica that acts may change actions: another one's ledger is not the truth.
  const acting: express.RequestHandler = (_req, res, next) => {
    if (deps.engine.isActing && !deps.engine.isActing()) {
      res.setHeader('retry-after', '5');
      throw new HttpError(503, 'this replica does not act now (not the leader, or its shared state is not loaded); retry');
    }
    next();
  };
  const json = express.json({ limit: '16kb', type: () => true });
  r.post('/api/v1/actions/:id/approve', approver, acting, json, async (req, res) => {
    const { comment } = parse(Comment, req.body, 'body');
    reply(res, await approve(deps.engine, String(req.params.id), who(res), comment));
    deps.onChange();
  });
  r.post('/api/v1/actions/:id/reject', approver, acting, json, async (req, res) => {
    const { comment } = parse(Comment, req.body, 'body');
    reply(res, await reject(deps.engine, String(req.params.id), who(res), comment));
  });
  r.post('/api/v1/actions/:id/rollback', operator, acting, json, async (req, res) => {
    const { comment } = parse(Comment, req.body, 'body');
    reply(res, await rollback(deps.engine, String(req.params.id), who(res), comment));
    deps.onChange();
  });
  return r;
}
