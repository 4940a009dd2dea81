/**
 * Keeps the shared state (the source of truth, in Kubernetes) in step with the
 * leader's local index (SQLite). Every committed ledger change marks its record
 * dirty; writers push the newest version of each dirty record with
 * compare-and-set, at most `concurrency` at a time, never two for one record.
 *
 * - An acknowledged alert is in the shared state before the 200 (`settle`).
 * - An action is in the shared state as `running`, with its cost, before its
 *   playbook touches anything, so a new leader counts the spend.
 * - A lost compare-and-set fences this replica: it decides nothing until it has
 *   loaded the shared state again in a new term.
 */
import { createHash } from 'node:crypto';
import type { AlertRow, Ledger } from '../ledger/ledger';
import type { ActionRecord } from '../ledger/action';
import { PauseSchema } from '@plumb/core/contract/handler-api';
import { STATE_KINDS, alertKey, objectName, type StateKindName } from './kinds';
import { StateConflict, type ConfigMapStore } from './configmap-store';

export type StateHealth = { ok: true } | { ok: false; reason: string };

interface Dirty {
  kind: StateKindName;
  key: string;
}

export class StateNotSettled extends Error {}

export class SharedState {
  private readonly dirty = new Map<string, Dirty>();
  private readonly inflight = new Set<string>();
  /**
   * Per object: the sequence number of its last change, and of the last change written.
   * A waiter needs only the changes made before it asked. An object absent from `changes`
   * has everything written. `epoch` counts loads: a load discards unwritten changes.
   */
  private readonly changes = new Map<string, number>();
  private readonly writtenUpTo = new Map<string, number>();
  private seq = 0;
  private epoch = 0;
  /** Object name → digest of the record last written (without `updatedMs`): unchanged records are not rewritten. */
  private readonly written = new Map<string, string>();
  private loaded = false;
  private fault: string | undefined;
  private writeError: string | undefined;
  private progress = signal();

  constructor(
    private readonly store: ConfigMapStore,
    private readonly ledger: Ledger,
    private readonly log: (msg: string) => void,
    private readonly opts: { concurrency: number; retryMs: number } = { concurrency: 8, retryMs: 250 },
  ) {
    ledger.onChange((kind, key) => this.changed(kind, key));
  }

  health(): StateHealth {
    if (this.fault !== undefined) return { ok: false, reason: this.fault };
    if (!this.loaded) return { ok: false, reason: 'shared state not loaded yet' };
    if (this.writeError !== undefined) return { ok: false, reason: `shared state not writable: ${this.writeError}` };
    return { ok: true };
  }

  get isLoaded(): boolean {
    return this.loaded && this.fault === undefined;
  }

  /**
   * Loads every record of every kind and makes the local index equal to it.
   * Until this returns, the replica decides nothing. Throws if the state cannot be read.
   */
  async load(): Promise<{ alerts: number; actions: number; pauses: number }> {
    this.loaded = false;
    this.store.reset();
    this.epoch++;
    this.dirty.clear();
    this.written.clear();
    this.changes.clear();
    this.writtenUpTo.clear();
    const [alerts, actions, pauses] = await Promise.all([this.store.list('alert'), this.store.list('action'), this.store.list('pause')]);
    const alertRows = alerts.map((r) => r.value as AlertRow);
    const actionRows = actions.map((r) => r.value as ActionRecord);
    // A pause that does not parse cannot be honoured exactly: refuse to act rather than ignore it.
    const pauseRows = pauses.map((r) => {
      const parsed = PauseSchema.safeParse(r.value);
      if (!parsed.success) throw new Error(`pause ${r.key}: not a valid pause record; shared state is not trustworthy`);
      return parsed.data;
    });
    this.ledger.replaceState(alertRows, actionRows);
    this.ledger.pauses.replace(pauseRows);
    for (const a of alertRows) this.written.set(objectName('alert', alertKey(a.fingerprint, a.startsAt)), comparable(a));
    for (const a of actionRows) this.written.set(objectName('action', a.id), comparable(a));
    for (const p of pauseRows) this.written.set(objectName('pause', p.id), comparable(p));
    this.fault = undefined;
    this.writeError = undefined;
    this.loaded = true;
    return { alerts: alertRows.length, actions: actionRows.length, pauses: pauseRows.length };
  }

  /** The replica is no longer sure it may write (lease lost or uncertain). */
  invalidate(reason: string): void {
    if (this.loaded) this.log(`shared state set aside: ${reason}`);
    this.loaded = false;
  }

  /** Waits until the given records (default: every dirty one) are written; throws if that fails or takes longer than `timeoutMs`. */
  async settle(records?: readonly Dirty[], timeoutMs = 10_000): Promise<void> {
    const names = records ? records.map((r) => objectName(r.kind, r.key)) : [...this.dirty.keys(), ...this.inflight];
    const wanted = names.map((n) => [n, this.changes.get(n) ?? 0] as const);
    const epoch = this.epoch;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.fault !== undefined) throw new StateNotSettled(this.fault);
      if (this.epoch !== epoch) throw new StateNotSettled('the shared state was reloaded before these changes were written');
      if (wanted.every(([n, gen]) => !this.changes.has(n) || (this.writtenUpTo.get(n) ?? 0) >= gen)) return;
      const left = deadline - Date.now();
      if (left <= 0) throw new StateNotSettled(`shared state not written within ${timeoutMs} ms${this.writeError ? `: ${this.writeError}` : ''}`);
      await Promise.race([this.progress.promise, new Promise((r) => setTimeout(r, Math.min(left, 1000)))]);
    }
  }

  private changed(kind: StateKindName, key: string): void {
    const name = objectName(kind, key);
    this.changes.set(name, ++this.seq);
    this.dirty.set(name, { kind, key });
    this.pump();
  }

  /** Alerts first: an acknowledgement waits on them, while action writes only need to precede side effects. */
  private pump(): void {
    for (const kind of ['alert', 'pause', 'action'] as const) {
      for (const [name, entry] of this.dirty) {
        if (this.inflight.size >= this.opts.concurrency) return;
        if (entry.kind !== kind || this.inflight.has(name)) continue;
        this.dirty.delete(name);
        this.inflight.add(name);
        void this.write(name, entry);
      }
    }
  }

  private async write(name: string, entry: Dirty): Promise<void> {
    const gen = this.changes.get(name) ?? 0;
    try {
      const value =
        entry.kind === 'action'
          ? this.ledger.getAction(entry.key)
          : entry.kind === 'pause'
            ? this.ledger.pauses.get(entry.key)
            : this.ledger.getAlert(entry.key);
      const text = value === undefined ? undefined : comparable(value);
      if (value !== undefined && text !== this.written.get(name) && this.fault === undefined) {
        await this.store.put(entry.kind, entry.key, value);
        this.written.set(name, text!);
      }
      this.writtenUpTo.set(name, gen);
      // Nothing newer waits: forget the counters (a waiter that finds none has nothing to wait for).
      if (this.changes.get(name) === gen && !this.dirty.has(name)) (this.changes.delete(name), this.writtenUpTo.delete(name));
      this.writeError = undefined;
    } catch (err) {
      if (err instanceof StateConflict) {
        this.fault = `fenced: ${err.message}; this replica decides nothing until it reloads the shared state`;
        this.log(this.fault);
        this.dirty.clear();
      } else {
        this.writeError = `${STATE_KINDS[entry.kind].name} ${entry.key}: ${(err as Error).message.split('\n')[0]}`;
        if (!this.dirty.has(name)) this.dirty.set(name, entry);
        await new Promise((r) => setTimeout(r, this.opts.retryMs));
      }
    } finally {
      this.inflight.delete(name);
      const done = this.progress;
      this.progress = signal();
      done.resolve();
      this.pump();
    }
  }
}

/** A digest of the record as compared for "changed since last written": `updatedMs` alone is no change. */
function comparable(value: object): string {
  const { updatedMs: _ignored, ...rest } = value as Record<string, unknown>;
  return createHash('sha256').update(JSON.stringify(rest)).digest('base64');
}

/** A promise with its resolver (Node 20 has no `Promise.withResolvers`). */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
