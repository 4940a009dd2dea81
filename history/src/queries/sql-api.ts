/**
 * A minimal client of Snowflake's SQL API v2 (`POST /api/v2/statements`): one
 * statement with bindings, synchronous, following a 202 to completion and fetching
 * every result partition. Rows come back as column name → cell (strings, as `jsonv2`
 * sends them).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Cells } from '@plumb/core/queries/decode';

export interface SqlApiOptions {
  /** e.g. `https://myorg-myaccount.snowflakecomputing.com`. */
  baseUrl: string;
  /** The bearer token: a key-pair JWT, an OAuth token or a programmatic access token. Never logged. */
  token: string;
  tokenType: 'KEYPAIR_JWT' | 'OAUTH' | 'PROGRAMMATIC_ACCESS_TOKEN';
  warehouse?: string | undefined;
  role?: string | undefined;
  database?: string | undefined;
  timeoutSeconds?: number;
  pollMs?: number;
  maxPolls?: number;
}

const ResultSetSchema = z.object({
  statementHandle: z.string(),
  resultSetMetaData: z.object({
    rowType: z.array(z.object({ name: z.string(), type: z.string() })),
    partitionInfo: z.array(z.object({ rowCount: z.number() })).default([]),
  }),
  data: z.array(z.array(z.string().nullable())),
});
const PartitionSchema = z.object({ data: z.array(z.array(z.string().nullable())) });
const StatusSchema = z.object({ statementStatusUrl: z.string(), message: z.string().optional() });
const FailureSchema = z.object({ message: z.string().optional(), code: z.string().optional(), sqlState: z.string().optional() });

export type Binding = { type: 'TEXT' | 'FIXED' | 'REAL' | 'BOOLEAN'; value: string };

export async function executeStatement(o: SqlApiOptions, statement: string, bindings: readonly Binding[] = []): Promise<Cells[]> {
  const headers = {
    authorization: `Bearer ${o.token}`,
    'x-snowflake-authorization-token-type': o.tokenType,
    'content-type': 'application/json',
    accept: 'application/json',
    'user-agent': 'plumb-query-history/0.1',
  };
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(new URL(path, o.baseUrl), { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`Snowflake SQL API ${method} ${path.split('?')[0]}: HTTP ${res.status}, not JSON`);
    }
    if (res.status >= 400) {
      const f = FailureSchema.safeParse(json);
      const detail = f.success ? `${f.data.message ?? ''} (code ${f.data.code ?? '?'}, SQL state ${f.data.sqlState ?? '?'})` : '';
      throw new Error(`Snowflake SQL API ${method} ${path.split('?')[0]}: HTTP ${res.status} ${detail}`.trim());
    }
    return { status: res.status, json };
  };
  const parse = <T>(schema: z.ZodType<T>, json: unknown, what: string): T => {
    const r = schema.safeParse(json);
    if (!r.success)
      throw new Error(
        `Snowflake SQL API: ${what} does not match the SQL API's shape: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    return r.data;
  };
  const body = {
    statement,
    timeout: o.timeoutSeconds ?? 60,
    ...(o.warehouse ? { warehouse: o.warehouse } : {}),
    ...(o.role ? { role: o.role } : {}),
    ...(o.database ? { database: o.database } : {}),
    bindings: Object.fromEntries(bindings.map((b, i) => [String(i + 1), b])),
  };
  let answer = await call('POST', `/api/v2/statements?requestId=${randomUUID()}`, body);
  for (let polls = 0; answer.status === 202; polls++) {
    if (polls >= (o.maxPolls ?? 120)) throw new Error('Snowflake SQL API: the statement did not finish in time');
    const { statementStatusUrl } = parse(StatusSchema, answer.json, 'a 202 answer');
    await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
    answer = await call('GET', statementStatusUrl);
  }
  const result = parse(ResultSetSchema, answer.json, 'the result set');
  const names = result.resultSetMetaData.rowType.map((c) => c.name.toUpperCase());
  const rows = [...result.data];
  for (let p = 1; p < result.resultSetMetaData.partitionInfo.length; p++) {
    const part = await call('GET', `/api/v2/statements/${encodeURIComponent(result.statementHandle)}?partition=${p}`);
    rows.push(...parse(PartitionSchema, part.json, `partition ${p}`).data);
  }
  return rows.map((cells) => Object.fromEntries(names.map((n, i) => [n, cells[i] ?? null])));
}
