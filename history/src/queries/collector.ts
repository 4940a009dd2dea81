/**
 * Reads the warehouse's query history since the last read and feeds the tagged rows to
 * the ledger. Reads overlap by `overlapSeconds` (clock skew, late rows); the ledger
 * counts each query id once. A read that fails or hits the result limit leaves the
 * collection unsuccessful: the counters stay where they were, never reset to 0.
 */
import { decodeQueryHistoryRow, QUERY_HISTORY_RESULT_LIMIT, QUERY_HISTORY_STATEMENT, type Cells } from '@plumb/core/queries/decode';
import { QueryLedger, type IngestSummary } from '@plumb/core/queries/ledger';
import type { Binding } from './sql-api';

export type RunStatement = (statement: string, bindings: readonly Binding[]) => Promise<Cells[]>;

export type PollResult = { ok: true; rows: number; summary: IngestSummary } | { ok: false; error: string; summary?: IngestSummary };

export interface QueryHistoryCollectorOptions {
  run: RunStatement;
  ledger?: QueryLedger;
  now?: () => number;
  /** How far back the first read looks. */
  lookbackSeconds?: number;
  overlapSeconds?: number;
}

export class QueryHistoryCollector {
  readonly ledger: QueryLedger;
  private cursorSeconds: number | undefined;
  last: PollResult | undefined;
  lastSuccessSeconds: number | undefined;

  constructor(private readonly o: QueryHistoryCollectorOptions) {
    this.ledger = o.ledger ?? new QueryLedger();
  }

  async poll(): Promise<PollResult> {
    const nowSeconds = (this.o.now ?? Date.now)() / 1000;
    const since = this.cursorSeconds ?? nowSeconds - (this.o.lookbackSeconds ?? 3600);
    let result: PollResult;
    try {
      const cells = await this.o.run(QUERY_HISTORY_STATEMENT, [{ type: 'TEXT', value: new Date(since * 1000).toISOString() }]);
      const rows = cells.map(decodeQueryHistoryRow);
      const summary = this.ledger.ingest(rows);
      // The history is read by end time: a query still running ends after the cursor, so the next read has it.
      const ended = rows.flatMap((r) => (r.endTime === null ? [] : [r.endTime]));
      this.cursorSeconds = Math.max(since, Math.max(since, ...ended) - (this.o.overlapSeconds ?? 300));
      result =
        cells.length >= QUERY_HISTORY_RESULT_LIMIT
          ? { ok: false, error: `the read returned ${cells.length} rows, the statement's limit: some queries were not read`, summary }
          : { ok: true, rows: rows.length, summary };
    } catch (err) {
      result = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    this.last = result;
    if (result.ok) this.lastSuccessSeconds = nowSeconds;
    return result;
  }
}
