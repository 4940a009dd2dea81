/**
 * The Datadog adapter: monitors through the real `@datadog/datadog-api-client`
 * `MonitorsApi`. Bodies stay in Datadog's wire (snake_case) form everywhere else;
 * here they become the client's models through the client's own deserializer, and
 * the client serializes them back. Keys come from the environment and are never
 * printed: every message that leaves this file has them masked.
 */
import { client, v1 } from '@datadog/datadog-api-client';
import type { DatadogMonitor } from '@plumb/core/compile/datadog/monitor-types';
import type { ExistingMonitor } from '@plumb/core/compile/datadog/sync-plan';

export interface DatadogCredentials {
  apiKey: string;
  appKey: string;
  /** `datadoghq.com`, `datadoghq.eu`, `us3.datadoghq.com`, … (DD_SITE). */
  site: string;
  /** Overrides the site's URL (a loopback server in tests): DD_API_URL. */
  url?: string | undefined;
}

export type CredentialsResult = { ok: true; credentials: DatadogCredentials } | { ok: false; missing: string[] };

/** DD_API_KEY, DD_APP_KEY and DD_SITE (default `datadoghq.com`) from the environment. */
export function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>): CredentialsResult {
  const missing = ['DD_API_KEY', 'DD_APP_KEY'].filter((k) => !env[k]);
  if (missing.length > 0) return { ok: false, missing };
  return {
    ok: true,
    credentials: { apiKey: env.DD_API_KEY!, appKey: env.DD_APP_KEY!, site: env.DD_SITE || 'datadoghq.com', url: env.DD_API_URL || undefined },
  };
}

/** A Datadog API failure, with the status and Datadog's `errors` list, keys masked. */
export class DatadogApiError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly errors: string[],
    message: string,
  ) {
    super(message);
  }
}

export interface MonitorsPort {
  list(tags: readonly string[]): Promise<ExistingMonitor[]>;
  validate(monitor: DatadogMonitor, existingId?: number): Promise<void>;
  create(monitor: DatadogMonitor): Promise<number>;
  update(id: number, monitor: DatadogMonitor): Promise<void>;
  delete(id: number): Promise<void>;
}

const PAGE_SIZE = 1000;

export function datadogMonitors(c: DatadogCredentials): MonitorsPort {
  const configuration = client.createConfiguration({
    authMethods: { apiKeyAuth: c.apiKey, appKeyAuth: c.appKey },
    ...(c.url ? { baseServer: new client.BaseServerConfiguration(c.url.replace(/\/+$/, ''), {}) } : {}),
  });
  if (!c.url) configuration.setServerVariables({ site: c.site });
  const api = new v1.MonitorsApi(configuration);
  const mask = (text: string) => [c.apiKey, c.appKey].reduce((t, k) => t.split(k).join('***'), text);
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      const e = err as { code?: number; body?: { errors?: unknown }; message?: string };
      const errors = Array.isArray(e.body?.errors) ? e.body.errors.map((x) => mask(String(x))) : [];
      throw new DatadogApiError(
        e.code,
        errors,
        mask(`${what}: ${e.code !== undefined ? `HTTP ${e.code}: ` : ''}${errors.length > 0 ? errors.join('; ') : (e.message ?? String(err)).split('\n')[0]}`),
      );
    }
  };
  const asMonitor = (m: DatadogMonitor) => v1.ObjectSerializer.deserialize(m, 'Monitor') as v1.Monitor;
  const asUpdate = (m: DatadogMonitor) => v1.ObjectSerializer.deserialize(m, 'MonitorUpdateRequest') as v1.MonitorUpdateRequest;
  return {
    async list(tags) {
      const out: ExistingMonitor[] = [];
      for (let page = 0; ; page++) {
        const batch = await call('list monitors', () => api.listMonitors({ monitorTags: tags.join(','), page, pageSize: PAGE_SIZE }));
        out.push(...batch.map((m) => v1.ObjectSerializer.serialize(m, 'Monitor', '') as ExistingMonitor));
        if (batch.length < PAGE_SIZE) return out;
      }
    },
    async validate(m, existingId) {
      await call(`validate "${m.name}"`, () =>
        existingId === undefined ? api.validateMonitor({ body: asMonitor(m) }) : api.validateExistingMonitor({ monitorId: existingId, body: asMonitor(m) }),
      );
    },
    async create(m) {
      const created = await call(`create "${m.name}"`, () => api.createMonitor({ body: asMonitor(m) }));
      return created.id ?? -1;
    },
    async update(id, m) {
      await call(`update monitor ${id} "${m.name}"`, () => api.updateMonitor({ monitorId: id, body: asUpdate(m) }));
    },
    async delete(id) {
      await call(`delete monitor ${id}`, () => api.deleteMonitor({ monitorId: id }));
    },
  };
}
