/**
 * When Alertmanager truncates a group (`truncatedAlerts > 0`, from `max_alerts`),
 * the full set is read from its API v2, filtered by the group's labels.
 */
import { redactUrl, withoutCredentials } from '@plumb/core/redact/url';
import { canonicalTimestamp, type WebhookAlert, type WebhookPayload } from './schema';

interface ApiAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
  fingerprint: string;
  status?: { state?: string };
  receivers?: { name: string }[];
}

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export type FullGroup = { ok: true; alerts: WebhookAlert[] } | { ok: false; error: string };

export async function fetchFullGroup(alertmanagerUrl: string | undefined, payload: WebhookPayload, fetchImpl: typeof fetch = fetch): Promise<FullGroup> {
  if (alertmanagerUrl === undefined) return { ok: false, error: 'alerts were truncated and no alertmanagerUrl is configured' };
  const { url, authorization } = withoutCredentials(new URL('/api/v2/alerts', alertmanagerUrl));
  for (const [k, v] of Object.entries(payload.groupLabels)) url.searchParams.append('filter', `${k}=${quote(v)}`);
  url.searchParams.set('receiver', `^${payload.receiver.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  url.searchParams.set('silenced', 'false');
  url.searchParams.set('inhibited', 'false');
  try {
    const res = await fetchImpl(url, { signal: AbortSignal.timeout(5000), ...(authorization ? { headers: { authorization } } : {}) });
    if (!res.ok) return { ok: false, error: `Alertmanager ${redactUrl(alertmanagerUrl)} answered ${res.status}` };
    const body = (await res.json()) as ApiAlert[];
    if (!Array.isArray(body)) return { ok: false, error: 'Alertmanager gave an unexpected answer' };
    return {
      ok: true,
      alerts: body.map((a) => ({
        status: a.status?.state === 'active' || a.status?.state === 'suppressed' ? 'firing' : 'resolved',
        labels: a.labels,
        annotations: a.annotations ?? {},
        startsAt: canonicalTimestamp(a.startsAt),
        endsAt: a.endsAt,
        generatorURL: a.generatorURL,
        fingerprint: a.fingerprint,
      })),
    };
  } catch (err) {
    return { ok: false, error: `Alertmanager ${redactUrl(alertmanagerUrl)} unreachable: ${(err as Error).message}` };
  }
}
