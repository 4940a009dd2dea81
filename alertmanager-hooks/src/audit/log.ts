/**
 * The append-only, hash-chained audit file. `record` resolves once the record
 * is durable in the file (fsync); everything queued while one fsync runs goes
 * out in the next write, so a storm of decisions costs a few fsyncs, not one each.
 *
 * - A torn tail (crash mid-write) is moved aside and cut off on open, and the
 *   recovery is the first record written afterwards.
 * - Short writes are completed, never ignored.
 * - After each durable batch the chain head is checkpointed in a file of its
 *   own (signed when a key is configured), so a deleted tail or a re-linked
 *   rewrite fails `plumb audit verify`.
 * - Copies to Kafka go through `AuditForwarder`: an outage delays the copy, never a decision.
 */
import { appendFileSync, closeSync, existsSync, fdatasync, ftruncateSync, openSync, readFileSync, write, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { AuditRecord } from '@plumb/core/state/events';
import { linkRecord, type AuditEntry } from './chain';
import { makeCheckpoint } from '@plumb/history/audit/checkpoint';
import { checkpointPath } from './checkpoint-file';
import { intactPrefix } from './recover';

const writeOnce = promisify(write);
/** One write(2): the number of bytes the kernel took, which may be fewer than asked. */
export type WriteOnce = (fd: number, buffer: Buffer, offset: number, length: number) => Promise<number>;
const defaultWrite: WriteOnce = async (fd, buffer, offset, length) => (await writeOnce(fd, buffer, offset, length)).bytesWritten;
const datasyncAsync = promisify(fdatasync);

interface Queued {
  rec: AuditRecord;
  resolve: (r: AuditRecord) => void;
  reject: (e: unknown) => void;
}

export interface AuditLogOptions {
  /** HMAC key for checkpoints; without one they pin the head but are not signed. */
  checkpointKey?: string | undefined;
  /** Called with each batch once it is durable (the Kafka forwarder). */
  onDurable?: (records: readonly AuditRecord[]) => void;
  /** For the recovery record; default Date.now. */
  now?: () => number;
  /** The write(2) used; tests pass one that takes fewer bytes than asked. */
  write?: WriteOnce;
}

export class AuditLog {
  /** Head of the chain including queued records. */
  private last: Pick<AuditRecord, 'seq' | 'hash'> | undefined;
  /** Head of what is durable; the chain restarts here if a write fails. */
  private durable: Pick<AuditRecord, 'seq' | 'hash'> | undefined;
  private readonly fd: number;
  private queue: Queued[] = [];
  private flushing: Promise<void> | undefined;
  /** Set when a torn tail was cut off on open. */
  readonly recovery: Promise<AuditRecord> | undefined;

  /** @param path JSON-lines file; the chain continues from its last complete record. */
  constructor(
    readonly path: string,
    private readonly opts: AuditLogOptions = {},
  ) {
    const torn = existsSync(path) ? cutTornTail(path) : undefined;
    this.last = torn?.last;
    this.durable = this.last;
    this.fd = openSync(path, 'a');
    if (torn !== undefined && torn.tornBytes > 0) {
      this.recovery = this.record({
        atMs: (opts.now ?? Date.now)(),
        actor: 'plumb-hooks',
        kind: 'audit.recovered',
        data: {
          detail: 'a torn final line (crash mid-write) was cut off',
          tornBytes: torn.tornBytes,
          movedTo: torn.movedTo,
          continuesAfterSeq: torn.last?.seq ?? 0,
        },
      });
    }
  }

  /** Appends one record; resolves when it is durable in the file. */
  record(entry: AuditEntry): Promise<AuditRecord> {
    const rec = linkRecord(entry, this.last);
    this.last = rec;
    return new Promise<AuditRecord>((resolve, reject) => {
      this.queue.push({ rec, resolve, reject });
      if (this.flushing === undefined) this.flushing = this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await writeFully(this.opts.write ?? defaultWrite, this.fd, Buffer.from(batch.map((q) => `${JSON.stringify(q.rec)}\n`).join(''), 'utf8'));
        await datasyncAsync(this.fd);
        const head = batch[batch.length - 1]!.rec;
        this.durable = head;
        appendFileSync(checkpointPath(this.path), `${JSON.stringify(makeCheckpoint(head, head.atMs, this.opts.checkpointKey))}\n`);
        this.opts.onDurable?.(batch.map((q) => q.rec));
        for (const q of batch) q.resolve(q.rec);
      } catch (err) {
        // Records queued behind the failed ones link to them: fail those too and
        // restart the chain from the last durable record.
        for (const q of [...batch, ...this.queue]) q.reject(err);
        this.queue = [];
        this.last = this.durable;
      }
    }
    // Cleared in the same tick the queue is seen empty, so a record() that follows starts a new flush.
    this.flushing = undefined;
  }

  /** All records, oldest first (the file is the source of truth). */
  readAll(): AuditRecord[] {
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as AuditRecord);
  }

  async close(): Promise<void> {
    await this.flushing;
    closeSync(this.fd);
  }
}

/** Writes the whole buffer: a write may take fewer bytes than asked (disk full, signals), and the rest must follow or fail. */
async function writeFully(writeSome: WriteOnce, fd: number, buf: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buf.length) {
    const n = await writeSome(fd, buf, offset, buf.length - offset);
    if (n <= 0) throw new Error(`audit write made no progress after ${offset} of ${buf.length} bytes`);
    offset += n;
  }
}

/** Cuts a torn final line off the file, keeping its bytes in `<path>.torn-<ms>`. */
function cutTornTail(path: string): { last: AuditRecord | undefined; tornBytes: number; movedTo: string | undefined } {
  const content = readFileSync(path);
  const prefix = intactPrefix(content);
  if (prefix.tornBytes === 0) return { last: prefix.last, tornBytes: 0, movedTo: undefined };
  const movedTo = `${path}.torn-${Date.now()}`;
  writeFileSync(movedTo, content.subarray(prefix.bytes));
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, prefix.bytes);
  } finally {
    closeSync(fd);
  }
  return { last: prefix.last, tornBytes: prefix.tornBytes, movedTo };
}

/** The chain position of an audit file (its last complete record), or undefined for a new file. */
export function lastAuditRecord(path: string): { hash: string; seq: number } | undefined {
  const rec = existsSync(path) ? intactPrefix(readFileSync(path)).last : undefined;
  return rec ? { hash: rec.hash, seq: rec.seq } : undefined;
}
