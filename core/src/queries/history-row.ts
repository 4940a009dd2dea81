/**
 * One row of Snowflake's query history (`INFORMATION_SCHEMA.QUERY_HISTORY` or
 * `ACCOUNT_USAGE.QUERY_HISTORY`), the columns Plumb reads, decoded from the warehouse's
 * strings. The column names are Snowflake's, listed once here.
 */

/** Columns read, in the order the collector selects them. */
export const QUERY_HISTORY_COLUMNS = [
  'QUERY_ID',
  'QUERY_TEXT',
  'QUERY_TAG',
  'EXECUTION_STATUS',
  'ERROR_CODE',
  'ERROR_MESSAGE',
  'START_TIME',
  'END_TIME',
  'TOTAL_ELAPSED_TIME',
  'ROWS_PRODUCED',
  'WAREHOUSE_NAME',
] as const;

export type QueryHistoryColumn = (typeof QUERY_HISTORY_COLUMNS)[number];

export interface QueryHistoryRow {
  queryId: string;
  queryText: string;
  queryTag: string | null;
  /** As Snowflake spells it: `SUCCESS`, `FAIL`, `INCIDENT` (Account Usage) or `success`, `running`, `failed_with_error`, … (Information Schema). */
  executionStatus: string;
  errorCode: string | null;
  errorMessage: string | null;
  /** Unix seconds. */
  startTime: number;
  /** Unix seconds; null while the query runs. */
  endTime: number | null;
  /** Milliseconds. */
  totalElapsedMs: number;
  /** Null for statements that produce no rows. */
  rowsProduced: number | null;
  warehouse: string | null;
}

export type QueryOutcome = 'success' | 'failed' | 'running';

const FAILED = new Set(['FAIL', 'INCIDENT', 'FAILED_WITH_ERROR', 'FAILED_WITH_INCIDENT']);

/** Whether a query ended well, ended badly, or has not ended. A status Plumb does not know is not a success. */
export function queryOutcome(row: Pick<QueryHistoryRow, 'executionStatus' | 'endTime'>): QueryOutcome {
  const status = row.executionStatus.toUpperCase();
  if (status === 'SUCCESS') return 'success';
  if (FAILED.has(status)) return 'failed';
  return row.endTime === null || ['RUNNING', 'QUEUED', 'BLOCKED', 'RESUMING_WAREHOUSE'].includes(status) ? 'running' : 'failed';
}
