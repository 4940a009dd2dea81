/**
 * The Kubernetes field manager that last wrote a field, from an object's
 * `metadata.managedFields`. A field path is a list of keys as in `fieldsV1`
 * (`['data', 'spark.sql.session.timeZone']` → `f:data` / `f:spark.sql.session.timeZone`).
 * Several managers may own one field (shared ownership under server-side apply); the one
 * with the latest time wins. No entry owning the field, or no time: `unknown`. Pure.
 */
import type { ChangeCause } from './cause';

export interface ManagedFieldsEntry {
  manager?: string | undefined;
  operation?: string | undefined;
  time?: Date | string | undefined;
  subresource?: string | undefined;
  fieldsV1?: object | undefined;
}

export function ownsPath(fieldsV1: object | undefined, path: readonly string[]): boolean {
  let node: unknown = fieldsV1;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<string, unknown>)[`f:${key}`];
    if (node === undefined) return false;
  }
  return true;
}

export function causeFromManagedFields(entries: readonly ManagedFieldsEntry[] | undefined, path: readonly string[]): ChangeCause {
  let best: { entry: ManagedFieldsEntry; at: string } | undefined;
  for (const entry of entries ?? []) {
    if (!entry.manager || !entry.time || !ownsPath(entry.fieldsV1, path)) continue;
    const at = entry.time instanceof Date ? entry.time.toISOString() : new Date(entry.time).toISOString();
    if (!best || at > best.at) best = { entry, at };
  }
  if (!best) return { kind: 'unknown' };
  const operation = best.entry.operation === 'Apply' ? 'Apply' : 'Update';
  return {
    kind: 'field-manager',
    manager: best.entry.manager as string,
    operation,
    at: best.at,
    ...(best.entry.subresource ? { subresource: best.entry.subresource } : {}),
  };
}
