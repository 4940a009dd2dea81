/**
 * The HTTP API the Grafana plugin uses; bodies are the contract's schemas
 * (`@plumb/core/contract/handler-api`). Read: actions, pending approvals, pauses,
 * budget status, audit query (viewer). Write: approve/reject and pause/resume
 * (approver), roll back (operator). Every write names the person behind it.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { CommentBodySchema, PauseRequestSchema, type ActionView, type BudgetStatus, type PauseView, type WhoAmI } from '@plumb/core/contract/handler-api';
import type { AuditLog } from '../audit/log';
import { queryAudit } from '../audit/query';
import type { EngineDeps } from '../engine/deps';
import { approve, reject, rollback, rollbackRefusal, type OperatorOutcome } from '../engine/operator';
import { ACTION_STATES, type ActionRecord } from '../ledger/action';
import { endPause, pauseView, startPause, type PauseOutcome } from '../pause/commands';
import { requireRole, type ApiAuth, type Principal } from './auth';
import { HttpError } from './errors';

export type { ActionView, BudgetStatus } from '@plumb/core/contract/handler-api';

export interface ApiDeps {
  engine: EngineDeps;
  audit: AuditLog;
  auth: ApiAuth;
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

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  throw new HttpError(400, `invalid ${what}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
}

function reply(res: express.Response, outcome: OperatorOutcome): void {
  if (!outcome.ok) throw new HttpError(outcome.status, outcome.message);
  res.json({ action: actionView(outcome.action) });
}

function replyPause(res: express.Response, outcome: PauseOutcome): void {
  if (!outcome.ok) throw new HttpError(outcome.status, outcome.message);
  res.json({ pause: outcome.pause satisfies PauseView });
}

/** An action as the API reports it: the ledger record and whether a rollback would be accepted. */
const actionView = (action: ActionRecord): ActionView => ({ ...action, canRollback: rollbackRefusal(action) === undefined });

export function apiRouter(deps: ApiDeps): Router {
  const r = express.Router();
  const viewer = requireRole(deps.auth, 'viewer');
  const operator = requireRole(deps.auth, 'operator');
  const approver = requireRole(deps.auth, 'approver');
  const who = (res: express.Response) => (res.locals.principal as Principal).name;

  r.get('/api/v1/whoami', viewer, (_req, res) => {
    const p = res.locals.principal as Principal;
    res.json({ name: p.name, role: p.role, via: p.via } satisfies WhoAmI);
  });
  // Every pause, newest first; `active` says which still hold actions back.
  r.get('/api/v1/pause', viewer, (_req, res) => {
    const now = deps.engine.now();
    res.json({
      pauses: deps.engine.ledger.pauses
        .all()
        .map((p) => pauseView(p, now))
        .reverse(),
    });
  });

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
    const { comment } = parse(CommentBodySchema, req.body, 'body');
    reply(res, await approve(deps.engine, String(req.params.id), who(res), comment));
    deps.onChange();
  });
  r.post('/api/v1/actions/:id/reject', approver, acting, json, async (req, res) => {
    const { comment } = parse(CommentBodySchema, req.body, 'body');
    reply(res, await reject(deps.engine, String(req.params.id), who(res), comment));
  });
  r.post('/api/v1/actions/:id/rollback', operator, acting, json, async (req, res) => {
    const { comment } = parse(CommentBodySchema, req.body, 'body');
    reply(res, await rollback(deps.engine, String(req.params.id), who(res), comment));
    deps.onChange();
  });
  // The kill switch: stops new side effects in its scope from the next worker round on.
  r.post('/api/v1/pause', approver, acting, json, async (req, res) => {
    replyPause(res, await startPause(deps.engine, parse(PauseRequestSchema, req.body, 'body'), who(res)));
    deps.onChange();
  });
  const resume = async (req: express.Request, res: express.Response) => {
    const { comment } = parse(CommentBodySchema, req.body, 'body');
    replyPause(res, await endPause(deps.engine, String(req.params.id), who(res), comment));
    deps.onChange();
  };
  r.delete('/api/v1/pause/:id', approver, acting, json, resume);
  r.post('/api/v1/pause/:id/resume', approver, acting, json, resume);
  return r;
}
