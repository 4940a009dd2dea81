/**
 * Copies audit records to Kafka (`plumb.audit`) without ever holding a decision
 * back. The local audit file is the backlog: records are forwarded in order
 * from the position in `<audit>.forwarded`, which moves only after the broker
 * acknowledged them. While Kafka is down the backlog grows and its age is a
 * metric; when Kafka returns the backlog goes out in order, so the topic has
 * no hole. A crash between send and marker re-sends a few records (same
 * chain id and seq), which readers drop as duplicates.
 *
 * After each acknowledged batch the chain head is also checkpointed on the
 * sink (`plumb.audit-checkpoints`), signed like the file's checkpoints. The
 * checkpoint is made from the batch itself, so while Kafka is down the
 * checkpoints wait in the same ordered backlog as the records.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { makeCheckpoint, type Checkpoint } from '@plumb/history/audit/checkpoint';
import type { AuditRecord, EventSink } from '@plumb/core/state/events';
import { intactPrefix } from './recover';

/** Where forwarded records go; `anchor` publishes a chain-head checkpoint of records already written. */
export interface AuditSink extends EventSink<AuditRecord> {
  anchor?(checkpoint: Checkpoint): Promise<void>;
}

export interface ForwardPosition {
  seq: number;
  hash: string;
}

export interface ForwarderOptions {
  auditPath: string;
  /** Opens the Kafka sink continuing after `from` (undefined: from the start of the chain). */
  connect: (from: ForwardPosition | undefined) => Promise<AuditSink>;
  /** HMAC key of the checkpoints published to the sink (the file's key). */
  checkpointKey?: string | undefined;
  log: (msg: string) => void;
  /** Reports the backlog: records not yet in Kafka and the age of the oldest, for metrics. */
  onBacklog?: (records: number, oldestAgeMs: number) => void;
  now?: () => number;
  batch?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
  /**
   * Most bytes (serialised records) sent in one produce request; kept under the broker's
   * `message.max.bytes` (1 MiB by default, on MSK too), which a backlog of large decision
   * records would otherwise exceed for good. Default 512 KiB; at least one record is sent.
   */
  batchBytes?: number;
  /** Longest a connect, a write or a checkpoint may take before the attempt counts as failed. Default 30 s. */
  stepTimeoutMs?: number;
}

/** A Kafka call that never settles (a broker that came back half-way) must not stop forwarding for good. */
function within<T>(ms: number, what: string, step: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([step, expired]).finally(() => clearTimeout(timer));
}

/** The oldest records that fit in one request: at most `count`, at most `bytes` serialised (but never none). */
function nextChunk(backlog: readonly AuditRecord[], count: number, bytes: number): AuditRecord[] {
  let size = 0;
  let n = 0;
  while (n < Math.min(count, backlog.length)) {
    size += Buffer.byteLength(JSON.stringify(backlog[n]));
    if (n > 0 && size > bytes) break;
    n++;
  }
  return backlog.slice(0, n);
}

export const forwardedPath = (auditPath: string) => `${auditPath}.forwarded`;

export class AuditForwarder {
  private backlog: AuditRecord[];
  private position: ForwardPosition | undefined;
  private sink: AuditSink | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;
  private wake: (() => void) | undefined;

  constructor(private readonly opts: ForwarderOptions) {
    this.position = readPosition(opts.auditPath);
    this.backlog = readBacklog(opts.auditPath, this.position?.seq ?? 0);
    this.report();
  }

  /** Records just made durable in the file. */
  push(records: readonly AuditRecord[]): void {
    this.backlog.push(...records);
    this.report();
    this.kick();
  }

  get pending(): number {
    return this.backlog.length;
  }

  /** Starts forwarding in the background. */
  start(): void {
    this.kick();
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.wake) {
      const w = this.wake;
      this.wake = undefined;
      w();
    }
    this.running ??= this.loop().finally(() => (this.running = undefined));
  }

  private async loop(): Promise<void> {
    const { batch = 500, batchBytes = 512 * 1024, retryMinMs = 250, retryMaxMs = 10_000, stepTimeoutMs = 30_000 } = this.opts;
    while (!this.stopped && this.backlog.length > 0) {
      const chunk = nextChunk(this.backlog, batch, batchBytes);
      try {
        this.sink ??= await within(stepTimeoutMs, 'connecting to Kafka', this.opts.connect(this.position));
        await within(stepTimeoutMs, 'writing to Kafka', this.sink.write(chunk));
        const tail = chunk[chunk.length - 1]!;
        const anchor = this.sink.anchor?.(makeCheckpoint(tail, tail.atMs, this.opts.checkpointKey));
        if (anchor) await within(stepTimeoutMs, 'publishing a checkpoint to Kafka', anchor);
        this.backlog.splice(0, chunk.length);
        this.position = { seq: tail.seq, hash: tail.hash };
        writePosition(this.opts.auditPath, this.position);
        if (this.failures > 0) this.opts.log(`audit forwarding to Kafka resumed after ${this.failures} failed attempt(s)`);
        this.failures = 0;
      } catch (err) {
        const why = (err as Error).message?.split('\n')[0];
        if (this.failures === 0) this.opts.log(`audit forwarding to Kafka failed, keeping a backlog: ${why}`);
        else if (this.failures % 10 === 0) this.opts.log(`audit forwarding to Kafka still failing after ${this.failures} attempts: ${why}`);
        this.failures++;
        // A sink in an unknown state is dropped; the next attempt reconnects from the acknowledged position.
        await this.sink?.close().catch(() => {});
        this.sink = undefined;
        const delay = Math.min(retryMaxMs, retryMinMs * 2 ** Math.min(this.failures - 1, 10));
        await new Promise<void>((r) => {
          const t = setTimeout(r, delay);
          this.wake = () => (clearTimeout(t), r());
        });
      }
      this.report();
    }
  }

  private report(): void {
    const now = (this.opts.now ?? Date.now)();
    this.opts.onBacklog?.(this.backlog.length, this.backlog.length > 0 ? Math.max(0, now - this.backlog[0]!.atMs) : 0);
  }

  /** Tries to send what is left (bounded), then closes the sink. Unsent records stay in the backlog file for the next start. */
  async close(timeoutMs = 5_000): Promise<void> {
    const done = this.running ?? Promise.resolve();
    await Promise.race([done, new Promise((r) => setTimeout(r, timeoutMs))]);
    this.stopped = true;
    this.wake?.();
    await this.sink?.close().catch(() => {});
  }
}

function readPosition(auditPath: string): ForwardPosition | undefined {
  const path = forwardedPath(auditPath);
  if (!existsSync(path)) return undefined;
  const p = JSON.parse(readFileSync(path, 'utf8')) as ForwardPosition;
  if (typeof p.seq !== 'number' || typeof p.hash !== 'string') throw new Error(`${path}: not a forwarding position ({seq, hash})`);
  return p;
}

function writePosition(auditPath: string, p: ForwardPosition): void {
  const path = forwardedPath(auditPath);
  writeFileSync(`${path}.tmp`, JSON.stringify(p));
  renameSync(`${path}.tmp`, path);
}

/** Records of the file after `afterSeq` (what Kafka has not acknowledged). */
function readBacklog(auditPath: string, afterSeq: number): AuditRecord[] {
  if (!existsSync(auditPath)) return [];
  const content = readFileSync(auditPath);
  const text = content.subarray(0, intactPrefix(content).bytes).toString('utf8');
  const out: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const rec = JSON.parse(line) as AuditRecord;
    if (rec.seq > afterSeq) out.push(rec);
  }
  return out;
}
