/**
 * The exporter's change sink: ChangeEvents to `plumb.config-changes`, keyed by node.
 *
 * Ordering rule: while the spool holds anything, new events go behind it, so a node's
 * events reach the topic in the order they were observed. A write resolves once the
 * events are acknowledged by the broker (acks=all) or fsynced to the spool; it rejects with
 * {@link SpoolFullError} when neither is possible, and the refusal is counted.
 */
import type { ChangeEvent, EventSink } from '@plumb/core/state/events';
import type { LogProducer } from '../log/port';
import { CHANGE_TOPIC } from '../topics/topics';
import { encodeChange } from './encode';
import type { ChangeSpool } from './spool';

/** Raised when the broker is unreachable and the spool has no room; nothing was written. */
export class SpoolFullError extends Error {
  override readonly name = 'SpoolFullError';
}

/** Running totals, exported as metrics by `change-sink-metrics.ts`. */
export interface ChangeSinkStats {
  sent: number;
  spooled: number;
  replayed: number;
  rejected: number;
  sendFailures: number;
  spoolRecords: number;
  spoolBytes: number;
}

/** Dependencies of {@link KafkaChangeSink}. */
export interface ChangeSinkDeps {
  /** Makes a connected producer; called again after a failure, so a dead connection is replaced. */
  connect: () => Promise<LogProducer>;
  spool: ChangeSpool;
  topic?: string;
  /** Events per replay batch. Default 500. */
  replayBatch?: number;
}

export class KafkaChangeSink implements EventSink<ChangeEvent> {
  private producer: LogProducer | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private readonly topic: string;
  private readonly totals = { sent: 0, spooled: 0, replayed: 0, rejected: 0, sendFailures: 0 };

  constructor(private readonly deps: ChangeSinkDeps) {
    this.topic = deps.topic ?? CHANGE_TOPIC;
  }

  /** Sends, or spools when the broker is unreachable. Calls are serialised to keep order. */
  write(events: readonly ChangeEvent[]): Promise<void> {
    return this.serialised(async () => {
      if (events.length === 0) return;
      await this.replayOnce();
      if (this.deps.spool.records === 0 && (await this.trySend(events))) {
        this.totals.sent += events.length;
        return;
      }
      const res = this.deps.spool.append(events);
      if (!res.ok) {
        this.totals.rejected += events.length;
        throw new SpoolFullError(res.detail);
      }
      this.totals.spooled += events.length;
    });
  }

  /** Replays the spool oldest-first until it is empty or the broker fails again. Returns events replayed. */
  replay(): Promise<number> {
    return this.serialised(() => this.replayOnce());
  }

  /** Replays in the background every `ms` (the timer does not keep the process alive). */
  startReplayTimer(ms: number): void {
    this.stopReplayTimer();
    this.timer = setInterval(() => void this.replay().catch(() => undefined), ms);
    this.timer.unref();
  }

  stopReplayTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  stats(): ChangeSinkStats {
    return { ...this.totals, spoolRecords: this.deps.spool.records, spoolBytes: this.deps.spool.sizeBytes };
  }

  async close(): Promise<void> {
    this.stopReplayTimer();
    await this.serialised(async () => {
      await this.producer?.close().catch(() => undefined);
      this.producer = undefined;
    });
  }

  private async replayOnce(): Promise<number> {
    const batchSize = this.deps.replayBatch ?? 500;
    let replayed = 0;
    while (this.deps.spool.records > 0) {
      const batch = this.deps.spool.peek(batchSize);
      if (!(await this.trySend(batch))) break;
      this.deps.spool.consume(batch.length);
      replayed += batch.length;
    }
    this.totals.replayed += replayed;
    return replayed;
  }

  private async trySend(events: readonly ChangeEvent[]): Promise<boolean> {
    try {
      this.producer ??= await this.deps.connect();
      await this.producer.send(this.topic, events.map(encodeChange));
      return true;
    } catch {
      // The broker is unreachable or refused the batch; the caller spools. The error text
      // is not kept: it may quote the record.
      this.totals.sendFailures++;
      const dead = this.producer;
      this.producer = undefined;
      await dead?.close().catch(() => undefined);
      return false;
    }
  }

  private serialised<R>(fn: () => Promise<R>): Promise<R> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
