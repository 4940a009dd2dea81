/**
 * Every request the plugin makes goes through Grafana's backend service: Prometheus
 * through the data-source proxy, the remediation handler through the app's plugin
 * routes. Errors become `PlumbRequestError`s that name the request, never a token.
 */
import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import type { z } from 'zod';
import type { PromVectorSample } from '@plumb/core/impact/from-prometheus';
import { HANDLER_PROXY } from '../constants';

export class PlumbRequestError extends Error {
  constructor(
    readonly request: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`${request} failed${status !== undefined ? ` (${status})` : ''}: ${detail}`);
    this.name = 'PlumbRequestError';
  }
}

async function request<T>(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  what: string,
  options: { params?: Record<string, string>; data?: unknown } = {},
): Promise<T> {
  try {
    const res = await lastValueFrom(
      getBackendSrv().fetch<T>({ method, url, params: options.params, data: options.data, showErrorAlert: false, showSuccessAlert: false }),
    );
    return res.data;
  } catch (err) {
    const e = err as { status?: number; data?: { message?: string; error?: string }; message?: string };
    throw new PlumbRequestError(what, e.status, e.data?.message ?? e.data?.error ?? e.message ?? 'no response');
  }
}

/** Instant PromQL query through the data-source proxy; returns the vector. */
export async function promQuery(prometheusUid: string, query: string): Promise<PromVectorSample[]> {
  const body = await request<{ status: string; error?: string; data?: { resultType: string; result: unknown } }>(
    'GET',
    `/api/datasources/proxy/uid/${encodeURIComponent(prometheusUid)}/api/v1/query`,
    `Prometheus query ${query}`,
    { params: { query } },
  );
  if (body.status !== 'success') throw new PlumbRequestError(`Prometheus query ${query}`, undefined, body.error ?? 'error');
  return body.data?.resultType === 'vector' ? (body.data.result as PromVectorSample[]) : [];
}

/** One series of a range query: its labels and `[unix seconds, "value"]` points. */
export interface PromRangeSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

/** Range PromQL query through the data-source proxy; returns the matrix. */
export async function promRange(
  prometheusUid: string,
  query: string,
  startSeconds: number,
  endSeconds: number,
  stepSeconds: number,
): Promise<PromRangeSeries[]> {
  const body = await request<{ status: string; error?: string; data?: { resultType: string; result: unknown } }>(
    'GET',
    `/api/datasources/proxy/uid/${encodeURIComponent(prometheusUid)}/api/v1/query_range`,
    `Prometheus range query ${query}`,
    { params: { query, start: String(startSeconds), end: String(endSeconds), step: String(stepSeconds) } },
  );
  if (body.status !== 'success') throw new PlumbRequestError(`Prometheus range query ${query}`, undefined, body.error ?? 'error');
  return body.data?.resultType === 'matrix' ? (body.data.result as PromRangeSeries[]) : [];
}

/** Names of recorded series matching a prefix, e.g. every `plumb:symptom:*`. */
export async function promMetricNames(prometheusUid: string, prefix: string): Promise<string[]> {
  const body = await request<{ data?: string[] }>(
    'GET',
    `/api/datasources/proxy/uid/${encodeURIComponent(prometheusUid)}/api/v1/label/__name__/values`,
    'Prometheus metric names',
  );
  return (body.data ?? []).filter((n) => n.startsWith(prefix)).sort();
}

/** A handler response decoded with the API's own schema: a body that does not match is an error naming the field. */
function decoded<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new PlumbRequestError(what, undefined, `unexpected response: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** Plugin-proxy base URLs of one handler, one per RBAC action (a region's, or the single handler's). */
export type HandlerRoutes = { read: string; approve: string; rollback: string; pause: string };

/** GET on the handler's read API. */
export async function handlerGet<S extends z.ZodType>(
  schema: S,
  path: string,
  params?: Record<string, string>,
  routes: HandlerRoutes = HANDLER_PROXY,
): Promise<z.infer<S>> {
  const what = `handler GET ${path}`;
  return decoded(schema, await request<unknown>('GET', `${routes.read}${path}`, what, params ? { params } : {}), what);
}

/** POST on a handler write route; Grafana lets only users with the route's RBAC action through, and the handler checks the person's role. */
export async function handlerPost<S extends z.ZodType>(
  schema: S,
  route: 'approve' | 'rollback' | 'pause',
  path: string,
  data: unknown,
  routes: HandlerRoutes = HANDLER_PROXY,
): Promise<z.infer<S>> {
  const what = `handler POST ${path}`;
  return decoded(schema, await request<unknown>('POST', `${routes[route]}${path}`, what, { data }), what);
}
