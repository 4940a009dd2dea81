/**
 * Every request the plugin makes goes through Grafana's backend service: Prometheus
 * through the data-source proxy, the remediation handler through the app's plugin
 * routes. Errors become `PlumbRequestError`s that name the request, never a token.
 */
import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
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

async function request<T>(method: 'GET' | 'POST', url: string, what: string, options: { params?: Record<string, string>; data?: unknown } = {}): Promise<T> {
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

/** Names of recorded series matching a prefix, e.g. every `plumb:symptom:*`. */
export async function promMetricNames(prometheusUid: string, prefix: string): Promise<string[]> {
  const body = await request<{ data?: string[] }>(
    'GET',
    `/api/datasources/proxy/uid/${encodeURIComponent(prometheusUid)}/api/v1/label/__name__/values`,
    'Prometheus metric names',
  );
  return (body.data ?? []).filter((n) => n.startsWith(prefix)).sort();
}

/** Plugin-proxy base URLs of one handler, one per role (a region's, or the single handler's). */
export type HandlerRoutes = { read: string; approve: string; rollback: string };

/** GET on the handler's read API (viewer token). */
export function handlerGet<T>(path: string, params?: Record<string, string>, routes: HandlerRoutes = HANDLER_PROXY): Promise<T> {
  return request<T>('GET', `${routes.read}${path}`, `handler GET ${path}`, params ? { params } : {});
}

/** POST on a handler write route; each route carries the token of the role it needs. */
export function handlerPost<T>(route: 'approve' | 'rollback', path: string, data: unknown, routes: HandlerRoutes = HANDLER_PROXY): Promise<T> {
  return request<T>('POST', `${routes[route]}${path}`, `handler POST ${path}`, { data });
}
