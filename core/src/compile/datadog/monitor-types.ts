/**
 * The Datadog monitor body Plumb writes: the subset of Datadog's v1 `Monitor` schema
 * it uses, with the same field names, so the object goes to the API client unchanged.
 */

export interface MonitorOptions {
  thresholds: { critical: number };
  notify_no_data: boolean;
  no_data_timeframe?: number;
  renotify_interval: number;
  renotify_statuses: ('alert' | 'no data')[];
  include_tags: boolean;
  require_full_window: boolean;
  new_group_delay: number;
  notify_audit: boolean;
}

export interface DatadogMonitor {
  name: string;
  type: 'query alert';
  query: string;
  message: string;
  tags: string[];
  priority: number;
  options: MonitorOptions;
}

/** Tag on every monitor Plumb owns; sync never touches a monitor without it. */
export const MANAGED_TAG = 'managed-by:plumb';
/** Tag prefixes: the spec version, the fleet (spec name), the stable monitor key, the alert it stands for. */
export const TAG = { spec: 'plumb-spec', fleet: 'plumb-fleet', key: 'plumb-monitor', alert: 'plumb-alert' } as const;

/**
 * Alert kinds as monitor tag values (Datadog lower-cases tags) and the alertnames
 * plumb-hooks knows them by: a Datadog notification maps to the same alert model.
 */
export const DATADOG_ALERTS = {
  'config-drift': 'PlumbConfigDrift',
  'node-unknown': 'PlumbNodeUnknown',
  'widespread-drift': 'PlumbWidespreadDrift',
  'symptom-slo': 'PlumbSymptomSLOBreach',
} as const;
export type DatadogAlertKind = keyof typeof DATADOG_ALERTS;

/** The tag value of a tag `prefix:value` in a list, if present. */
export function tagValue(tags: readonly string[], prefix: string): string | undefined {
  const hit = tags.find((t) => t.startsWith(`${prefix}:`));
  return hit === undefined ? undefined : hit.slice(prefix.length + 1);
}
