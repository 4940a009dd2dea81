/**
 * Hash-change bookkeeping for one node: per (workload, dimension) it remembers
 * the last set of hashes, and on a change updates the last-change time and the
 * change counter and emits a `ChangeEvent`. Pure apart from the clock it is given.
 *
 * - First sight of a dimension: an event without `oldHash`; not counted as a change.
 * - A dimension that disappears (an ephemeral pod ended): an event without
 *   `newHash`; not counted either, so short-lived pods do not look like flapping.
 * - Reappearing with the hashes it had before is not a change; with other hashes it is.
 * - Event sequence numbers start at the tracker's creation time in microseconds,
 *   so they keep increasing across exporter restarts and `eventId` stays unique.
 */
import type { ChangeCause } from '../attribution/cause';
import type { ChangeEvent } from './events';
import type { ChangeTracking, NodeIdentity, Observation } from './types';

interface Entry {
  workload: string;
  dimension: string;
  /** Sorted, comma-joined hashes last seen. */
  hashes: string;
  present: boolean;
  lastChangeSeconds: number;
  changesTotal: number;
  lastCause?: ChangeCause;
}

export interface ChangeUpdate {
  changes: ChangeTracking[];
  events: ChangeEvent[];
}

export class ChangeTracker {
  private readonly entries = new Map<string, Entry>();
  private seq: number;

  constructor(startMs: number = Date.now()) {
    this.seq = Math.floor(startMs) * 1000;
  }

  /** Folds in one collection's observations, observed at `nowMs`. */
  update(identity: NodeIdentity, observations: readonly Observation[], nowMs: number): ChangeUpdate {
    const nowSeconds = Math.floor(nowMs / 1000);
    const current = group(observations);
    const events: ChangeEvent[] = [];
    // Every event carries the best cause known: the one its observations brought, else `unknown`.
    const event = (e: Entry, oldHash: string | undefined, newHash: string | undefined, value: string | undefined, cause: ChangeCause = { kind: 'unknown' }) => {
      this.seq += 1;
      const ev: ChangeEvent = {
        eventId: `${identity.node}:${e.workload}:${e.dimension}:${this.seq}`,
        node: identity.node,
        region: identity.region,
        workload: e.workload,
        dimension: e.dimension,
        observedAtMs: nowMs,
        seq: this.seq,
        cause,
      };
      if (oldHash !== undefined) ev.oldHash = oldHash;
      if (newHash !== undefined) ev.newHash = newHash;
      if (value !== undefined) ev.value = value;
      events.push(ev);
    };
    for (const [key, seen] of current) {
      const entry = this.entries.get(key);
      if (!entry) {
        const fresh: Entry = {
          workload: seen.workload,
          dimension: seen.dimension,
          hashes: seen.hashes,
          present: true,
          lastChangeSeconds: nowSeconds,
          changesTotal: 0,
        };
        this.entries.set(key, fresh);
        event(fresh, undefined, seen.hashes, seen.value, seen.cause);
        continue;
      }
      if (entry.hashes !== seen.hashes) {
        const old = entry.present ? entry.hashes : undefined;
        entry.hashes = seen.hashes;
        entry.lastChangeSeconds = nowSeconds;
        entry.changesTotal += 1;
        entry.present = true;
        entry.lastCause = seen.cause ?? { kind: 'unknown' };
        event(entry, old, seen.hashes, seen.value, seen.cause);
      } else if (!entry.present) {
        entry.present = true;
        event(entry, undefined, seen.hashes, seen.value, seen.cause);
      }
    }
    for (const [key, entry] of this.entries) {
      if (entry.present && !current.has(key)) {
        entry.present = false;
        event(entry, entry.hashes, undefined, undefined);
      }
    }
    return { changes: this.snapshot(), events };
  }

  /** Tracking of every dimension ever seen, sorted by workload then dimension. */
  snapshot(): ChangeTracking[] {
    return [...this.entries.values()]
      .map((e) => ({
        workload: e.workload,
        dimension: e.dimension,
        lastChangeSeconds: e.lastChangeSeconds,
        changesTotal: e.changesTotal,
        ...(e.lastCause ? { lastCause: e.lastCause } : {}),
      }))
      .sort((a, b) => (a.workload === b.workload ? (a.dimension < b.dimension ? -1 : 1) : a.workload < b.workload ? -1 : 1));
  }
}

interface Grouped {
  workload: string;
  dimension: string;
  hashes: string;
  value: string | undefined;
  cause: ChangeCause | undefined;
}

function group(observations: readonly Observation[]): Map<string, Grouped> {
  const byKey = new Map<string, Observation[]>();
  for (const o of observations) {
    const key = `${o.workload}\0${o.dimension}`;
    byKey.set(key, [...(byKey.get(key) ?? []), o]);
  }
  const out = new Map<string, Grouped>();
  for (const [key, list] of byKey) {
    const sorted = [...list].sort((a, b) => (a.hash < b.hash ? -1 : 1));
    const first = sorted[0] as Observation;
    const values = sorted.map((o) => o.value);
    const value = values.every((v) => v !== undefined) ? values.join(',') : undefined;
    // Two pods may disagree; the latest-known cause among them is the one that changed something last.
    const cause = sorted.map((o) => o.cause).find((c) => c !== undefined && c.kind !== 'unknown');
    out.set(key, { workload: first.workload, dimension: first.dimension, hashes: sorted.map((o) => o.hash).join(','), value, cause });
  }
  return out;
}
