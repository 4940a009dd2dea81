/**
 * What `plumb datadog sync` must do, pure: compare the monitors the spec wants with
 * the ones Datadog holds for this fleet (found by tag) and list the creates, updates
 * and deletes. Monitors are matched by their `plumb-monitor:<key>` tag; a monitor is
 * unchanged when every field Plumb sets is equal, so a second sync writes nothing.
 */
import { MANAGED_TAG, TAG, tagValue, type DatadogMonitor } from './monitor-types';

/** A monitor as Datadog returns it, in wire (snake_case) form. */
export interface ExistingMonitor {
  id: number;
  name: string;
  type: string;
  query: string;
  message: string;
  tags: string[];
  priority?: number | null;
  options?: Record<string, unknown>;
}

export interface SyncPlan {
  create: DatadogMonitor[];
  update: { id: number; monitor: DatadogMonitor; fields: string[] }[];
  delete: { id: number; name: string; reason: string }[];
  unchanged: { id: number; name: string }[];
}

function equalJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equalJson(x, b[i]));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a as object);
    return ka.length === Object.keys(b as object).length && ka.every((k) => equalJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/** Fields that differ; options are compared only on the keys Plumb sets (Datadog adds defaults). */
export function changedFields(want: DatadogMonitor, have: ExistingMonitor): string[] {
  const fields: string[] = [];
  for (const f of ['name', 'type', 'query', 'message', 'priority'] as const) if (!equalJson(want[f], have[f] ?? null)) fields.push(f);
  if (!equalJson([...want.tags].sort(), [...have.tags].sort())) fields.push('tags');
  for (const [k, v] of Object.entries(want.options)) if (!equalJson(v, have.options?.[k])) fields.push(`options.${k}`);
  return fields;
}

export function planSync(wanted: readonly DatadogMonitor[], existing: readonly ExistingMonitor[]): SyncPlan {
  const plan: SyncPlan = { create: [], update: [], delete: [], unchanged: [] };
  const byKey = new Map<string, ExistingMonitor[]>();
  for (const m of [...existing].sort((a, b) => a.id - b.id)) {
    // Never touch a monitor Plumb does not own, whatever the listing returned.
    if (!m.tags.includes(MANAGED_TAG)) continue;
    const key = tagValue(m.tags, TAG.key) ?? '';
    byKey.set(key, [...(byKey.get(key) ?? []), m]);
  }
  const wantedKeys = new Set<string>();
  for (const want of wanted) {
    const key = tagValue(want.tags, TAG.key) ?? '';
    wantedKeys.add(key);
    const [have, ...extra] = byKey.get(key) ?? [];
    for (const e of extra) plan.delete.push({ id: e.id, name: e.name, reason: `duplicate of monitor ${have?.id} (${TAG.key}:${key})` });
    if (have === undefined) plan.create.push(want);
    else {
      const fields = changedFields(want, have);
      if (fields.length > 0) plan.update.push({ id: have.id, monitor: want, fields });
      else plan.unchanged.push({ id: have.id, name: have.name });
    }
  }
  for (const [key, monitors] of byKey) {
    if (!wantedKeys.has(key)) for (const m of monitors) plan.delete.push({ id: m.id, name: m.name, reason: 'no longer in the spec' });
  }
  return plan;
}
