/**
 * The part of Grafana's BackendSrv the plugin uses, over window.fetch. Requests go to
 * the dev-host server, which proxies them like Grafana does (data-source proxy, plugin
 * routes); errors carry `status` and `data` as Grafana's FetchError does.
 */
import type { BackendSrv, BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { from, type Observable } from 'rxjs';

async function send<T>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
  const url = new URL(options.url, window.location.origin);
  for (const [k, v] of Object.entries((options.params ?? {}) as Record<string, unknown>)) if (v !== undefined) url.searchParams.set(k, String(v));
  const method = (options.method ?? 'GET').toUpperCase();
  const res = await window.fetch(url, {
    method,
    headers: options.data !== undefined ? { 'content-type': 'application/json' } : {},
    body: options.data !== undefined ? JSON.stringify(options.data) : undefined,
  });
  const text = await res.text();
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    /* keep text */
  }
  const response = {
    data: data as T,
    status: res.status,
    statusText: res.statusText,
    ok: res.ok,
    headers: res.headers,
    redirected: res.redirected,
    type: res.type,
    url: res.url,
    config: options,
  } as FetchResponse<T>;
  if (!res.ok)
    throw Object.assign(new Error(`${method} ${options.url}: ${res.status}`), { status: res.status, statusText: res.statusText, data, config: options });
  return response;
}

export function createDevBackendSrv(): BackendSrv {
  const srv = {
    fetch: <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> => from(send<T>(options)),
    request: async (options: BackendSrvRequest) => (await send(options)).data,
    datasourceRequest: (options: BackendSrvRequest) => send(options),
    get: async (url: string, params?: Record<string, unknown>) => (await send({ url, params })).data,
    post: async (url: string, data?: unknown) => (await send({ url, method: 'POST', data })).data,
    put: async (url: string, data?: unknown) => (await send({ url, method: 'PUT', data })).data,
    patch: async (url: string, data?: unknown) => (await send({ url, method: 'PATCH', data })).data,
    delete: async (url: string) => (await send({ url, method: 'DELETE' })).data,
    resolveCancelerIfExists: () => undefined,
  };
  return srv as unknown as BackendSrv;
}
