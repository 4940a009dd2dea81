/**
 * A loopback stand-in for Snowflake's SQL API v2 serving one table, the query history,
 * in Snowflake's column shape. It checks every request against the API's published
 * contract (headers, body fields, binding types, a UUID `requestId`) and records what
 * it refused; it answers as Snowflake does: 202 with a status URL when asked to (a
 * statement past its synchronous window), 200 with `resultSetMetaData` + `data` (cells
 * as `jsonv2` strings) and further partitions by `?partition=n`, 422 for a statement
 * it cannot run.
 *
 * Only the query-history statement runs: `SELECT <columns> FROM TABLE(INFORMATION_SCHEMA.
 * QUERY_HISTORY(END_TIME_RANGE_START => TO_TIMESTAMP_LTZ(?), RESULT_LIMIT => n))`, with
 * the `plumb` tag filter; every selected column must be one of Snowflake's.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** Columns of INFORMATION_SCHEMA.QUERY_HISTORY (a subset of Snowflake's list: the ones a collector may ask for) with their types. */
export const SNOWFLAKE_QUERY_HISTORY_COLUMNS: Record<string, 'TEXT' | 'FIXED' | 'TIMESTAMP_LTZ'> = {
  QUERY_ID: 'TEXT',
  QUERY_TEXT: 'TEXT',
  DATABASE_NAME: 'TEXT',
  SCHEMA_NAME: 'TEXT',
  QUERY_TYPE: 'TEXT',
  SESSION_ID: 'FIXED',
  USER_NAME: 'TEXT',
  ROLE_NAME: 'TEXT',
  WAREHOUSE_NAME: 'TEXT',
  WAREHOUSE_SIZE: 'TEXT',
  QUERY_TAG: 'TEXT',
  EXECUTION_STATUS: 'TEXT',
  ERROR_CODE: 'TEXT',
  ERROR_MESSAGE: 'TEXT',
  START_TIME: 'TIMESTAMP_LTZ',
  END_TIME: 'TIMESTAMP_LTZ',
  TOTAL_ELAPSED_TIME: 'FIXED',
  BYTES_SCANNED: 'FIXED',
  ROWS_PRODUCED: 'FIXED',
  COMPILATION_TIME: 'FIXED',
  EXECUTION_TIME: 'FIXED',
  QUEUED_OVERLOAD_TIME: 'FIXED',
};

/** A row as the warehouse holds it; times in Unix seconds. */
export type HistoryRow = Record<string, string | number | null>;

const BodySchema = z.strictObject({
  statement: z.string().min(1),
  timeout: z.number().int().min(0).max(604800).optional(),
  database: z.string().optional(),
  schema: z.string().optional(),
  warehouse: z.string().optional(),
  role: z.string().optional(),
  bindings: z
    .record(
      z.string().regex(/^\d+$/),
      z.strictObject({
        type: z.enum(['FIXED', 'REAL', 'TEXT', 'BINARY', 'BOOLEAN', 'DATE', 'TIME', 'TIMESTAMP_TZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_NTZ']),
        value: z.union([z.string(), z.array(z.string())]),
      }),
    )
    .optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

const STATEMENT =
  /^SELECT\s+([\w,\s]+?)\s+FROM\s+TABLE\(INFORMATION_SCHEMA\.QUERY_HISTORY\(END_TIME_RANGE_START\s*=>\s*TO_TIMESTAMP_LTZ\(\?\),\s*RESULT_LIMIT\s*=>\s*(\d+)\)\)\s+WHERE\s+TRY_PARSE_JSON\(QUERY_TAG\):plumb\s+IS\s+NOT\s+NULL\s+ORDER\s+BY\s+(\w+)\s*$/i;

export interface SqlApiStandIn {
  url: string;
  token: string;
  rows: HistoryRow[];
  /** Requests refused for breaking the API's contract, with why. */
  violations: string[];
  requests: { method: string; path: string; body?: unknown }[];
  /** Answer the next POST with 202 and serve the result on the status URL. */
  asyncNext: boolean;
  /** Rows per result partition. */
  partitionSize: number;
  /** Fail every statement with this 422 message while set. */
  failWith: string | undefined;
  stop(): Promise<void>;
}

const cell = (type: string, v: string | number | null | undefined): string | null =>
  v === null || v === undefined ? null : type === 'TIMESTAMP_LTZ' ? Number(v).toFixed(9) : String(v);

export async function startSqlApiStandIn(token = 'test-token-' + randomUUID()): Promise<SqlApiStandIn> {
  const results = new Map<string, (string | null)[][]>();
  const pending = new Map<string, { rowType: object[]; data: (string | null)[][] }>();
  const state: Omit<SqlApiStandIn, 'url' | 'stop'> = {
    token,
    rows: [],
    violations: [],
    requests: [],
    asyncNext: false,
    partitionSize: 1000,
    failWith: undefined,
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const refuse = (res: ServerResponse, status: number, why: string) => {
    state.violations.push(why);
    send(res, status, { code: '390000', message: why, sqlState: '', statementHandle: '' });
  };
  const checkHeaders = (req: IncomingMessage): string | undefined => {
    if (req.headers.authorization !== `Bearer ${state.token}`) return 'Authorization must be Bearer <token>';
    if (!['KEYPAIR_JWT', 'OAUTH', 'PROGRAMMATIC_ACCESS_TOKEN'].includes(String(req.headers['x-snowflake-authorization-token-type'])))
      return 'X-Snowflake-Authorization-Token-Type must be KEYPAIR_JWT, OAUTH or PROGRAMMATIC_ACCESS_TOKEN';
    if (req.headers.accept !== 'application/json') return 'Accept must be application/json';
    if (!req.headers['user-agent']) return 'User-Agent is required';
    return undefined;
  };
  const resultSet = (handle: string, rowType: object[], data: (string | null)[][]) => {
    const parts: (string | null)[][][] = [];
    for (let i = 0; i < Math.max(1, data.length); i += state.partitionSize) parts.push(data.slice(i, i + state.partitionSize));
    results.set(handle, data);
    return {
      resultSetMetaData: {
        numRows: data.length,
        format: 'jsonv2',
        rowType,
        partitionInfo: parts.map((p) => ({ rowCount: p.length, uncompressedSize: JSON.stringify(p).length })),
      },
      data: parts[0] ?? [],
      code: '090001',
      statementStatusUrl: `/api/v2/statements/${handle}?requestId=${randomUUID()}`,
      requestId: randomUUID(),
      sqlState: '00000',
      statementHandle: handle,
      message: 'Statement executed successfully.',
      createdOn: Date.now(),
    };
  };

  const execute = (body: z.infer<typeof BodySchema>): { rowType: object[]; data: (string | null)[][] } | string => {
    const m = STATEMENT.exec(body.statement.replace(/\s+/g, ' ').trim());
    if (!m) return 'SQL compilation error: the stand-in runs only the query-history statement';
    const columns = m[1]!.split(',').map((c) => c.trim().toUpperCase());
    const unknown = columns.filter((c) => !(c in SNOWFLAKE_QUERY_HISTORY_COLUMNS));
    if (unknown.length) return `SQL compilation error: invalid identifier '${unknown[0]}'`;
    const order = m[3]!.toUpperCase();
    if (!(order in SNOWFLAKE_QUERY_HISTORY_COLUMNS)) return `SQL compilation error: invalid identifier '${order}'`;
    const bound = body.bindings?.['1'];
    if (!bound || bound.type !== 'TEXT' || typeof bound.value !== 'string' || Number.isNaN(Date.parse(bound.value)))
      return 'Bind variable ? not set, or not a timestamp text';
    const since = Date.parse(bound.value) / 1000;
    const tagged = (tag: unknown) => {
      try {
        return typeof tag === 'string' && JSON.parse(tag)?.plumb != null;
      } catch {
        return false;
      }
    };
    const rows = state.rows
      .filter((r) => (r.END_TIME === null || Number(r.END_TIME) >= since) && tagged(r.QUERY_TAG))
      .sort((a, b) => Number(a[order]) - Number(b[order]))
      .slice(0, Number(m[2]));
    const rowType = columns.map((name) => ({
      name,
      database: '',
      schema: '',
      table: 'QUERY_HISTORY',
      type: SNOWFLAKE_QUERY_HISTORY_COLUMNS[name]!.toLowerCase(),
      nullable: true,
    }));
    return { rowType, data: rows.map((r) => columns.map((c) => cell(SNOWFLAKE_QUERY_HISTORY_COLUMNS[c]!, r[c]))) };
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      state.requests.push({ method: req.method ?? '', path: url.pathname + url.search, ...(text ? { body: JSON.parse(text) as unknown } : {}) });
      const bad = checkHeaders(req);
      if (bad) return refuse(res, 401, bad);
      if (req.method === 'POST' && url.pathname === '/api/v2/statements') {
        if (req.headers['content-type'] !== 'application/json') return refuse(res, 415, 'Content-Type must be application/json');
        const requestId = url.searchParams.get('requestId');
        if (requestId !== null && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(requestId))
          return refuse(res, 400, 'requestId must be a UUID');
        const parsed = BodySchema.safeParse(JSON.parse(text || 'null'));
        if (!parsed.success) return refuse(res, 400, `body: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        const handle = randomUUID();
        if (state.failWith) return send(res, 422, { code: '000603', message: state.failWith, sqlState: 'XX000', statementHandle: handle });
        const out = execute(parsed.data);
        if (typeof out === 'string') return send(res, 422, { code: '002003', message: out, sqlState: '42S02', statementHandle: handle });
        if (state.asyncNext) {
          state.asyncNext = false;
          pending.set(handle, out);
          return send(res, 202, {
            code: '333334',
            message: 'Asynchronous execution in progress.',
            statementHandle: handle,
            statementStatusUrl: `/api/v2/statements/${handle}`,
          });
        }
        return send(res, 200, resultSet(handle, out.rowType, out.data));
      }
      const get = /^\/api\/v2\/statements\/([0-9a-f-]{36})$/.exec(url.pathname);
      if (req.method === 'GET' && get) {
        const handle = get[1]!;
        const waiting = pending.get(handle);
        if (waiting) {
          pending.delete(handle);
          return send(res, 200, resultSet(handle, waiting.rowType, waiting.data));
        }
        const data = results.get(handle);
        const p = Number(url.searchParams.get('partition') ?? '0');
        if (!data || !Number.isInteger(p) || p < 0) return refuse(res, 404, `no statement ${handle} or partition ${p}`);
        return send(res, 200, { data: data.slice(p * state.partitionSize, (p + 1) * state.partitionSize) });
      }
      return refuse(res, 404, `no route ${req.method ?? ''} ${url.pathname}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, { url, stop: () => new Promise<void>((r) => server.close(() => r())) }) as SqlApiStandIn;
}
