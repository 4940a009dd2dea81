/**
 * Pauses in the leader's local index (a table of the ledger's database). The truth is
 * the shared state (one ConfigMap per pause), so a pause survives failover: every
 * change is announced like an action's, and a new term replaces this table.
 */
import type Database from 'better-sqlite3';
import { PauseSchema, type Pause } from '@plumb/core/contract/handler-api';

export class PauseBook {
  constructor(
    private readonly db: Database.Database,
    private readonly changed: (id: string) => void,
  ) {
    db.exec('CREATE TABLE IF NOT EXISTS pauses (id TEXT PRIMARY KEY, started_ms INTEGER NOT NULL, record TEXT NOT NULL)');
  }

  /** Every pause, active or not, oldest first. */
  all(): Pause[] {
    const rows = this.db.prepare('SELECT record FROM pauses ORDER BY started_ms, id').all() as { record: string }[];
    return rows.map((r) => PauseSchema.parse(JSON.parse(r.record)));
  }

  get(id: string): Pause | undefined {
    const row = this.db.prepare('SELECT record FROM pauses WHERE id = ?').get(id) as { record: string } | undefined;
    return row === undefined ? undefined : PauseSchema.parse(JSON.parse(row.record));
  }

  put(p: Pause): void {
    this.db.prepare('INSERT OR REPLACE INTO pauses (id, started_ms, record) VALUES (?, ?, ?)').run(p.id, p.startedMs, JSON.stringify(p));
    this.changed(p.id);
  }

  /** Replaces every pause with those of the shared state (a new term); announces nothing. */
  replace(pauses: readonly Pause[]): void {
    const insert = this.db.prepare('INSERT INTO pauses (id, started_ms, record) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      this.db.exec('DELETE FROM pauses');
      for (const p of pauses) insert.run(p.id, p.startedMs, JSON.stringify(p));
    })();
  }
}
