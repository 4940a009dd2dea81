/**
 * Query-history rows from the cells of Snowflake's SQL API (`jsonv2`): every non-null
 * cell is a string; numbers are decimal text; TIMESTAMP_LTZ/NTZ cells are epoch seconds
 * with nine decimals, TIMESTAMP_TZ the same followed by a space and an offset.
 */
import { QUERY_HISTORY_COLUMNS, type QueryHistoryColumn, type QueryHistoryRow } from './history-row';

export type Cells = Readonly<Record<string, string | null>>;

/** Decodes one row; a missing column or a cell that does not parse throws, naming the column and the query. */
export function decodeQueryHistoryRow(cells: Cells): QueryHistoryRow {
  const id = cells['QUERY_ID'] ?? '(no QUERY_ID)';
  const text = (c: QueryHistoryColumn) => {
    if (!(c in cells)) throw new Error(`query history row ${id}: column ${c} is missing`);
    return cells[c] ?? null;
  };
  const required = (c: QueryHistoryColumn) => {
    const v = text(c);
    if (v === null) throw new Error(`query history row ${id}: ${c} is null`);
    return v;
  };
  const number = (c: QueryHistoryColumn, v: string | null) => {
    if (v === null) return null;
    const n = Number(v.split(' ')[0]);
    if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`query history row ${id}: ${c} is not a number: ${JSON.stringify(v.slice(0, 40))}`);
    return n;
  };
  return {
    queryId: required('QUERY_ID'),
    queryText: text('QUERY_TEXT') ?? '',
    queryTag: text('QUERY_TAG'),
    executionStatus: required('EXECUTION_STATUS'),
    errorCode: text('ERROR_CODE'),
    errorMessage: text('ERROR_MESSAGE'),
    startTime: number('START_TIME', required('START_TIME')) as number,
    endTime: number('END_TIME', text('END_TIME')),
    totalElapsedMs: number('TOTAL_ELAPSED_TIME', required('TOTAL_ELAPSED_TIME')) as number,
    rowsProduced: number('ROWS_PRODUCED', text('ROWS_PRODUCED')),
    warehouse: text('WAREHOUSE_NAME'),
  };
}

/** The SQL the collector sends: tagged queries that ended (or still run) since a bound start, oldest first. */
export const QUERY_HISTORY_STATEMENT = [
  `SELECT ${QUERY_HISTORY_COLUMNS.join(', ')}`,
  'FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(END_TIME_RANGE_START => TO_TIMESTAMP_LTZ(?), RESULT_LIMIT => 10000))',
  'WHERE TRY_PARSE_JSON(QUERY_TAG):plumb IS NOT NULL',
  'ORDER BY START_TIME',
].join('\n');

/** Rows the statement returns at most (`RESULT_LIMIT`); a full page means some were cut. */
export const QUERY_HISTORY_RESULT_LIMIT = 10_000;
