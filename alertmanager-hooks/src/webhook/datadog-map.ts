/**
 * A Datadog notification becomes the same alert model as an Alertmanager one, pure.
 *
 * - The episode is Datadog's alert cycle key: with the monitor and the group it is the
 *   fingerprint, so re-notifications and retries are duplicates in the ledger and the
 *   recovery resolves the same alert. Datadog gives no episode start time, so every
 *   Datadog alert has the same `startsAt` (the epoch); the fingerprint carries the episode.
 * - Labels come from the group scope and the monitor tags. Datadog lower-cases tag
 *   values, so workload and dimension are restored from the spec's rule ids; a name the
 *   spec does not know (or knows twice) stays as given, and then no playbook applies.
 * - Playbook and approval are never taken from tags: the spec decides them.
 */
import { createHash } from 'node:crypto';
import { DATADOG_ALERTS, TAG, tagValue, type DatadogAlertKind } from '@plumb/core/compile/datadog/monitor-types';
import type { DatadogPayload } from './datadog-schema';
import type { WebhookAlert } from './schema';

export const DATADOG_STARTS_AT = new Date(0).toISOString();

const CLASS: Record<DatadogAlertKind, string | undefined> = {
  'config-drift': undefined,
  'node-unknown': 'unknown',
  'widespread-drift': 'circuit-breaker',
  'symptom-slo': 'symptom-slo',
};
/** Labels the spec or Plumb's own routing decide; a tag may not set them. */
const RESERVED = new Set(['alertname', 'plumb_class', 'playbook', 'approval', 'rule', 'fingerprint']);

export type MappedNotification = { ok: true; alert: WebhookAlert } | { ok: true; ignored: string } | { ok: false; message: string };

function parseTags(list: string): string[] {
  return list
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '' && t !== '*');
}

function status(transition: string, kind: DatadogAlertKind): 'firing' | 'resolved' | 'ignored' | undefined {
  const t = transition.trim().toLowerCase();
  if (t.includes('recovered')) return 'resolved';
  if (/^(re-)?triggered$|^renotify$/.test(t)) return 'firing';
  // Silence is a state of its own only for the node-unknown monitor; elsewhere it decides nothing.
  if (/^(re-)?no data$/.test(t)) return kind === 'node-unknown' ? 'firing' : 'ignored';
  if (/^(re-)?warn(ing)?$/.test(t)) return 'ignored';
  return undefined;
}

/** Maps lower-cased `workload/dimension` to the spec's rule id when exactly one matches. */
export function ruleIndex(ruleIds: Iterable<string>): Map<string, string | null> {
  const index = new Map<string, string | null>();
  for (const id of ruleIds) index.set(id.toLowerCase(), index.has(id.toLowerCase()) ? null : id);
  return index;
}

export function mapDatadogNotification(p: DatadogPayload, rules: ReadonlyMap<string, string | null>): MappedNotification {
  const monitorTags = parseTags(p.tags);
  const kind = tagValue(monitorTags, TAG.alert) as DatadogAlertKind | undefined;
  if (kind === undefined || !(kind in DATADOG_ALERTS))
    return { ok: false, message: `monitor ${p.monitor_id} is not a Plumb monitor: no ${TAG.alert}:<kind> tag among $TAGS` };
  const st = status(p.transition, kind);
  if (st === undefined) return { ok: false, message: `unknown transition "${p.transition}"` };
  if (st === 'ignored') return { ok: true, ignored: `${p.transition} of a ${kind} monitor decides nothing` };

  const scope = parseTags(p.scope).sort();
  const labels: Record<string, string> = {};
  for (const tag of [...monitorTags, ...scope]) {
    const i = tag.indexOf(':');
    if (i <= 0) continue;
    const [k, v] = [tag.slice(0, i), tag.slice(i + 1)];
    if (!RESERVED.has(k) && /^[a-z_][a-z0-9_]*$/.test(k)) labels[k] = v;
  }
  labels.alertname = DATADOG_ALERTS[kind];
  const cls = CLASS[kind];
  if (cls !== undefined) labels.plumb_class = cls;
  if (labels.workload !== undefined && labels.dimension !== undefined) {
    const id = rules.get(`${labels.workload}/${labels.dimension}`.toLowerCase());
    if (id) {
      const slash = id.indexOf('/');
      labels.workload = id.slice(0, slash);
      labels.dimension = id.slice(slash + 1);
      labels.rule = id;
    }
  }
  const group = createHash('sha256').update(scope.join(',')).digest('hex').slice(0, 16);
  return {
    ok: true,
    alert: {
      status: st,
      labels,
      annotations: { summary: p.title, ...(p.link ? { datadog_event: p.link } : {}), datadog_monitor: p.monitor_id },
      startsAt: DATADOG_STARTS_AT,
      fingerprint: `datadog:${p.monitor_id}:${group}:${p.episode}`,
    },
  };
}
