/**
 * The durable ledger (SQLite, WAL): every alert delivery, deduplicated on
 * (fingerprint, startsAt), and every action with its state. The webhook acks only
 * after the alert is committed here, so a crash never loses an alert; the worker
 * resumes from the states it finds.
 */
import Database from 'better-sqlite3';
import type { WebhookAlert } from '../webhook/schema';
import { ACTION_COLUMNS, rowToAction, type ActionRecord, type ActionState } from './action';
import { alertKey, type StateKindName } from '../state/kinds';
import { PauseBook } from '../pause/book';

export type IngestOutcome = 'new' | 'duplicate' | 'resolved';

export interface StoredAlert {
  fingerprint: string;
  startsAt: string;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  endsAt: string | undefined;
  receivedMs: number;
}

/** An alert row in full, as the shared state keeps it. */
export interface AlertRow extends StoredAlert {
  deliveries: number;
  firingPending: boolean;
  resolvedPending: boolean;
}

/** Told of every committed change, so the shared state can follow (see `state/shared-state.ts`). */
export type ChangeListener = (kind: StateKindName, key: string) => void;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alerts (
  fingerprint TEXT NOT NULL, starts_at TEXT NOT NULL, alertname TEXT NOT NULL,
  status TEXT NOT NULL, labels TEXT NOT NULL, annotations TEXT NOT NULL, ends_at TEXT,
  received_ms INTEGER NOT NULL, deliveries INTEGER NOT NULL DEFAULT 1,
  firing_pending INTEGER NOT NULL DEFAULT 1, resolved_pending INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (fingerprint, starts_at));
CREATE TABLE IF NOT EXISTS actions (
  id TEXT PRIMARY KEY, fingerprint TEXT, starts_at TEXT, node TEXT NOT NULL, region TEXT NOT NULL,
  pool TEXT NOT NULL, workload TEXT NOT NULL, dimension TEXT NOT NULL, severity TEXT NOT NULL, rule TEXT NOT NULL,
  playbook TEXT NOT NULL, approval_required INTEGER NOT NULL, mode TEXT NOT NULL, state TEXT NOT NULL,
  requested_by TEXT NOT NULL, approved_by TEXT, cost REAL NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL, started_ms INTEGER, finished_ms INTEGER, verify_at_ms INTEGER,
  last_refusal TEXT, detail TEXT, progress TEXT NOT NULL DEFAULT '{}', inverse_of TEXT, platform TEXT NOT NULL DEFAULT 'k8s');
CREATE INDEX IF NOT EXISTS actions_state ON actions(state);
CREATE INDEX IF NOT EXISTS actions_node ON actions(node);
CREATE INDEX IF NOT EXISTS actions_alert ON actions(fingerprint, starts_at);
CREATE INDEX IF NOT EXISTS actions_region_started ON actions(region, started_ms);
CREATE INDEX IF NOT EXISTS actions_region_finished ON actions(region, finished_ms);
CREATE INDEX IF NOT EXISTS alerts_firing ON alerts(alertname, status);
`;

export class Ledger {
  /** Bookkeeping connection: WAL with synchronous=NORMAL, durable across a process crash. */
  readonly db: Database.Database;
  /**
   * Connection for commits that must survive power loss too (synchronous=FULL):
   * acknowledged deliveries, and an action's move to `running` and its progress,
   * so a restart never repeats a step. Everything else is cheap to redo.
   */
  private readonly durableDb: Database.Database;

  private listener: ChangeListener = () => {};

  /** Pauses of remediation, kept beside the actions they hold back. */
  readonly pauses: PauseBook;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.durableDb = new Database(path);
    this.durableDb.pragma('synchronous = FULL');
    this.durableDb.pragma('busy_timeout = 5000');
    this.pauses = new PauseBook(this.db, (id) => this.listener('pause', id));
  }

  onChange(listener: ChangeListener): void {
    this.listener = listener;
  }

  close(): void {
    this.durableDb.close();
    this.db.close();
  }

  /** Records a batch of alerts in one transaction; one outcome per alert. */
  ingest(alerts: readonly WebhookAlert[], nowMs: number): IngestOutcome[] {
    return this.ingestGroups([alerts], nowMs)[0]!;
  }

  /** Several deliveries in one transaction (one fsync): the group commit behind `IngestQueue`. */
  ingestGroups(groups: readonly (readonly WebhookAlert[])[], nowMs: number): IngestOutcome[][] {
    const find = this.durableDb.prepare('SELECT status FROM alerts WHERE fingerprint = ? AND starts_at = ?');
    const insert = this.durableDb.prepare(INSERT_ALERT);
    const bump = this.durableDb.prepare('UPDATE alerts SET deliveries = deliveries + 1 WHERE fingerprint = ? AND starts_at = ?');
    const resolve = this.durableDb.prepare(
      `UPDATE alerts SET status = 'resolved', ends_at = ?, resolved_pending = 1, deliveries = deliveries + 1 WHERE fingerprint = ? AND starts_at = ?`,
    );
    const changed: string[] = [];
    const one = (batch: readonly WebhookAlert[]) =>
      batch.map((a): IngestOutcome => {
        const existing = find.get(a.fingerprint, a.startsAt) as { status: string } | undefined;
        if (existing === undefined) {
          const resolved = a.status === 'resolved';
          insert.run(...alertRowValues({ ...a, receivedMs: nowMs, deliveries: 1, firingPending: !resolved, resolvedPending: resolved }));
          changed.push(alertKey(a.fingerprint, a.startsAt));
          return resolved ? 'resolved' : 'new';
        }
        if (a.status === 'resolved' && existing.status !== 'resolved') {
          resolve.run(a.endsAt ?? null, a.fingerprint, a.startsAt);
          changed.push(alertKey(a.fingerprint, a.startsAt));
          return 'resolved';
        }
        bump.run(a.fingerprint, a.startsAt);
        return 'duplicate';
      });
    const outcomes = this.durableDb.transaction((batches: readonly (readonly WebhookAlert[])[]) => batches.map(one))(groups);
    for (const key of changed) this.listener('alert', key);
    return outcomes;
  }

  /** One alert row in full, for the shared state. */
  getAlert(key: string): AlertRow | undefined {
    const sep = key.lastIndexOf('|');
    const r = this.db.prepare('SELECT * FROM alerts WHERE fingerprint = ? AND starts_at = ?').get(key.slice(0, sep), key.slice(sep + 1)) as
      Record<string, unknown> | undefined;
    return r === undefined
      ? undefined
      : { ...toStoredAlert(r), deliveries: r.deliveries as number, firingPending: r.firing_pending === 1, resolvedPending: r.resolved_pending === 1 };
  }

  /**
   * Replaces everything with the shared state (a new term as leader): the local
   * database is an index of the shared state, never a second truth. No listener call.
   */
  replaceState(alerts: readonly AlertRow[], actions: readonly ActionRecord[]): void {
    const insertAlert = this.durableDb.prepare(INSERT_ALERT);
    const cols = ACTION_COLUMNS.map(([c]) => c);
    const insertAction = this.durableDb.prepare(`INSERT INTO actions (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    this.durableDb.transaction(() => {
      this.durableDb.exec('DELETE FROM alerts; DELETE FROM actions;');
      for (const a of alerts) {
        insertAlert.run(...alertRowValues(a));
      }
      for (const a of actions) insertAction.run(...ACTION_COLUMNS.map(([, f]) => f(a)));
    })();
  }

  /** Alerts whose firing or resolution has not been handled yet, oldest first. */
  pendingAlerts(limit = 500): (StoredAlert & { kind: 'firing' | 'resolved' })[] {
    const rows = this.db
      .prepare(
        `SELECT *, CASE WHEN firing_pending = 1 THEN 'firing' ELSE 'resolved' END AS kind FROM alerts
                WHERE firing_pending = 1 OR resolved_pending = 1 ORDER BY received_ms, fingerprint LIMIT ?`,
      )
      .all(limit) as Record<string, unknown>[];
    return rows.map((r) => ({ ...toStoredAlert(r), kind: r.kind as 'firing' | 'resolved' }));
  }

  markAlertHandled(fingerprint: string, startsAt: string, kind: 'firing' | 'resolved'): void {
    const column = kind === 'firing' ? 'firing_pending' : 'resolved_pending';
    this.db.prepare(`UPDATE alerts SET ${column} = 0 WHERE fingerprint = ? AND starts_at = ?`).run(fingerprint, startsAt);
    this.listener('alert', alertKey(fingerprint, startsAt));
  }

  /**
   * Alerts with a given alertname still firing. Only a resolved notification ends one
   * (receivers need `send_resolved: true`): a blocking alert must not lapse silently.
   */
  firingAlerts(alertname: string, _nowMs: number): StoredAlert[] {
    const rows = this.db.prepare(`SELECT * FROM alerts WHERE alertname = ? AND status = 'firing'`).all(alertname) as Record<string, unknown>[];
    return rows.map(toStoredAlert);
  }

  countAlerts(): { alerts: number; deliveries: number } {
    return this.db.prepare('SELECT COUNT(*) AS alerts, COALESCE(SUM(deliveries), 0) AS deliveries FROM alerts').get() as { alerts: number; deliveries: number };
  }

  /** Inserts an action unless one with the same id exists (ids are derived from the alert). */
  insertAction(a: ActionRecord): boolean {
    const cols = ACTION_COLUMNS.map(([c]) => c);
    const info = this.db
      .prepare(`INSERT OR IGNORE INTO actions (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
      .run(...ACTION_COLUMNS.map(([, f]) => f(a)));
    if (info.changes === 1) this.listener('action', a.id);
    return info.changes === 1;
  }

  /** @param durable commit with fsync (see `durableDb`): for `running` and playbook progress. */
  updateAction(
    id: string,
    patch: Partial<
      Pick<ActionRecord, 'state' | 'approvedBy' | 'startedMs' | 'finishedMs' | 'verifyAtMs' | 'lastRefusal' | 'detail' | 'progress' | 'cost' | 'mode'>
    >,
    nowMs: number,
    durable = false,
  ): void {
    const map: Record<string, [string, (v: unknown) => unknown]> = {
      state: ['state', (v) => v],
      approvedBy: ['approved_by', (v) => v ?? null],
      startedMs: ['started_ms', (v) => v ?? null],
      finishedMs: ['finished_ms', (v) => v ?? null],
      verifyAtMs: ['verify_at_ms', (v) => v ?? null],
      lastRefusal: ['last_refusal', (v) => v ?? null],
      detail: ['detail', (v) => v ?? null],
      progress: ['progress', (v) => JSON.stringify(v ?? {})],
      cost: ['cost', (v) => v],
      mode: ['mode', (v) => v],
    };
    const sets: string[] = ['updated_ms = ?'];
    const values: unknown[] = [nowMs];
    for (const [k, v] of Object.entries(patch)) {
      const m = map[k];
      if (m === undefined) continue;
      sets.push(`${m[0]} = ?`);
      values.push(m[1](v));
    }
    (durable ? this.durableDb : this.db).prepare(`UPDATE actions SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    this.listener('action', id);
  }

  getAction(id: string): ActionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM actions WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return row === undefined ? undefined : rowToAction(row);
  }

  actionsInState(states: readonly ActionState[]): ActionRecord[] {
    const rows = this.db.prepare(`SELECT * FROM actions WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY created_ms, id`).all(...states) as Record<
      string,
      unknown
    >[];
    return rows.map(rowToAction);
  }

  actionsForAlert(fingerprint: string, startsAt: string): ActionRecord[] {
    return (this.db.prepare('SELECT * FROM actions WHERE fingerprint = ? AND starts_at = ?').all(fingerprint, startsAt) as Record<string, unknown>[]).map(
      rowToAction,
    );
  }

  /** Most recent actions first, optionally filtered. */
  /** Newest first (created, then id); `after` continues a page from its last action (keyset, stable under inserts). */
  listActions(filter: { state?: string; node?: string; region?: string; limit?: number; after?: { createdMs: number; id: string } } = {}): ActionRecord[] {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.state) (where.push('state = ?'), values.push(filter.state));
    if (filter.node) (where.push('node = ?'), values.push(filter.node));
    if (filter.region) (where.push('region = ?'), values.push(filter.region));
    if (filter.after)
      (where.push('(created_ms < ? OR (created_ms = ? AND id > ?))'), values.push(filter.after.createdMs, filter.after.createdMs, filter.after.id));
    const sql = `SELECT * FROM actions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_ms DESC, id LIMIT ?`;
    return (this.db.prepare(sql).all(...values, filter.limit ?? 200) as Record<string, unknown>[]).map(rowToAction);
  }

  /** Sum of task costs of actions of one class (enforced or dry-run) started in the window. */
  usedBudget(region: string, sinceMs: number, dryRun: boolean): number {
    const states = dryRun
      ? `state = 'dry-run'`
      : `state NOT IN ('dry-run', 'observed', 'refused', 'rejected', 'cancelled', 'pending', 'awaiting-approval', 'approved', 'deferred', 'no-op')`;
    const row = this.db
      .prepare(`SELECT COALESCE(SUM(cost), 0) AS used FROM actions WHERE region = ? AND started_ms >= ? AND ${states}`)
      .get(region, sinceMs) as { used: number };
    return row.used;
  }

  /** Nodes of a pool that the handler itself took out of service and has not given back. */
  outOfServiceByHandler(pool: string, playbooks: readonly string[]): number {
    const row = this.db
      .prepare(
        `SELECT COUNT(DISTINCT node) AS n FROM actions WHERE pool = ? AND playbook IN (${playbooks.map(() => '?').join(', ')})
                AND state IN ('running', 'verifying', 'succeeded', 'escalated')`,
      )
      .get(pool, ...playbooks) as { n: number };
    return row.n;
  }

  runningCount(region: string): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM actions WHERE region = ? AND state = 'running'`).get(region) as { n: number }).n;
  }

  /**
   * Outcomes of actions that ran (not those a guardrail stopped) and finished since `sinceMs`,
   * for the breaker. A rolled-back action keeps the outcome it had: undoing a failure does
   * not make it a success. Releases and rollbacks undo; they say nothing of how remediation fares.
   */
  breakerOutcomes(region: string, sinceMs: number): { startedMs: number; finishedMs: number; failed: boolean }[] {
    const rows = this.db
      .prepare(
        `SELECT started_ms, finished_ms, CASE WHEN state = 'rolled-back' THEN json_extract(progress, '$.stateBeforeRollback') ELSE state END AS outcome
                FROM actions WHERE region = ? AND finished_ms >= ? AND started_ms IS NOT NULL AND inverse_of IS NULL
                AND state IN ('succeeded', 'failed', 'escalated', 'rolled-back')`,
      )
      .all(region, sinceMs) as { started_ms: number; finished_ms: number; outcome: string | null }[];
    return rows
      .filter((r) => r.outcome === 'succeeded' || r.outcome === 'failed' || r.outcome === 'escalated')
      .map((r) => ({ startedMs: r.started_ms, finishedMs: r.finished_ms, failed: r.outcome !== 'succeeded' }));
  }

  /** Start times of the region's actions still running or being verified. */
  inFlightStarts(region: string): number[] {
    const rows = this.db
      .prepare(`SELECT started_ms FROM actions WHERE region = ? AND state IN ('running', 'verifying') AND started_ms IS NOT NULL`)
      .all(region) as {
      started_ms: number;
    }[];
    return rows.map((r) => r.started_ms);
  }

  /** Nodes of a pool with an in-flight (approved, running, verifying) action of the given playbooks, other than `excludeId`. */
  inFlightNodes(pool: string, playbooks: readonly string[], excludeId: string): string[] {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT node FROM actions WHERE pool = ? AND id != ? AND playbook IN (${playbooks.map(() => '?').join(', ')})
                AND state IN ('approved', 'running', 'verifying')`,
      )
      .all(pool, excludeId, ...playbooks) as { node: string }[];
    return rows.map((r) => r.node);
  }

  /** Start time of the last enforced action on the node, and attempts within the window. */
  nodeHistory(node: string, sinceMs: number, excludeId: string): { lastStartedMs: number | undefined; attempts: number } {
    const row = this.db
      .prepare(
        `SELECT MAX(started_ms) AS last, COUNT(*) AS attempts FROM actions
                WHERE node = ? AND id != ? AND started_ms IS NOT NULL AND started_ms >= ? AND state NOT IN ('dry-run') AND inverse_of IS NULL`,
      )
      .get(node, excludeId, sinceMs) as { last: number | null; attempts: number };
    return { lastStartedMs: row.last ?? undefined, attempts: row.attempts };
  }
}

const INSERT_ALERT = `INSERT INTO alerts (fingerprint, starts_at, alertname, status, labels, annotations, ends_at, received_ms, deliveries, firing_pending, resolved_pending)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The values of `INSERT_ALERT`: one definition for a new delivery and for a row loaded from the shared state. */
function alertRowValues(
  a: Pick<AlertRow, 'fingerprint' | 'startsAt' | 'labels' | 'annotations' | 'status' | 'receivedMs' | 'deliveries' | 'firingPending' | 'resolvedPending'> & {
    endsAt?: string | null | undefined;
  },
): (string | number | null)[] {
  return [
    a.fingerprint,
    a.startsAt,
    a.labels.alertname ?? '',
    a.status,
    JSON.stringify(a.labels),
    JSON.stringify(a.annotations),
    a.endsAt ?? null,
    a.receivedMs,
    a.deliveries,
    a.firingPending ? 1 : 0,
    a.resolvedPending ? 1 : 0,
  ];
}

function toStoredAlert(r: Record<string, unknown>): StoredAlert {
  return {
    fingerprint: r.fingerprint as string,
    startsAt: r.starts_at as string,
    status: r.status as 'firing' | 'resolved',
    labels: JSON.parse(r.labels as string) as Record<string, string>,
    annotations: JSON.parse(r.annotations as string) as Record<string, string>,
    endsAt: (r.ends_at as string | null) ?? undefined,
    receivedMs: r.received_ms as number,
  };
}
