/**
 * Answers "what was node X's config at time T" from change events. Pure.
 *
 * Events are deduplicated on `eventId` (delivery is at least once) and applied in event
 * order: observed time, then the node's sequence number.
 */
import type { ChangeEvent } from '@plumb/core/state/events';

/** One (workload, dimension) as it stood at the asked time. */
export interface ConfigEntry {
  workload: string;
  dimension: string;
  hash: string;
  /** Clear value, only for exposable dimensions. */
  value?: string;
  /** When this hash was first observed (ms). */
  sinceMs: number;
  eventId: string;
}

/** Keeps the first event of each `eventId`. */
export function dedupeEvents(events: readonly ChangeEvent[]): ChangeEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => !seen.has(e.eventId) && (seen.add(e.eventId), true));
}

/** Orders events as they happened on their node. */
export function byEventOrder(a: ChangeEvent, b: ChangeEvent): number {
  return a.observedAtMs - b.observedAtMs || a.seq - b.seq || a.eventId.localeCompare(b.eventId);
}

/** The node's configuration at `atMs` (inclusive); dimensions that disappeared are absent. */
export function reconstructConfig(events: readonly ChangeEvent[], node: string, atMs: number): ConfigEntry[] {
  const state = new Map<string, ConfigEntry>();
  const mine = dedupeEvents(events.filter((e) => e.node === node && e.observedAtMs <= atMs)).sort(byEventOrder);
  for (const e of mine) {
    const key = `${e.workload}\u0000${e.dimension}`;
    if (e.newHash === undefined) {
      state.delete(key);
      continue;
    }
    const entry: ConfigEntry = { workload: e.workload, dimension: e.dimension, hash: e.newHash, sinceMs: e.observedAtMs, eventId: e.eventId };
    if (e.value !== undefined) entry.value = e.value;
    state.set(key, entry);
  }
  return [...state.values()].sort((a, b) => a.workload.localeCompare(b.workload) || a.dimension.localeCompare(b.dimension));
}
