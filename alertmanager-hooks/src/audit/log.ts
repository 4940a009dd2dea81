/**
 * The audit log adapter: appends hash-chained records to a JSON-lines file and,
 * when configured, to a secondary sink such as Kafka. `record` resolves only
 * once the record is fsynced and the secondary sink has it, so an action never
 * runs unaudited.
 *
 * Records are linked at once (the chain order is the call order) and written
 * in group commits: everything queued while one fsync runs goes out in the
 * next write, so a storm of decisions costs a few fsyncs, not one each.
 */
import { existsSync, fdatasync, openSync, close, readFileSync, write } from 'node:fs';
import { promisify } from 'node:util';
import type { AuditRecord, EventSink } from '@plumb/core/state/events';
import { linkRecord, type AuditEntry } from './chain';

const writeAsync = promisify(write) as (fd: number, data: string) => Promise<unknown>;
const datasyncAsync = promisify(fdatasync);
const closeAsync = promisify(close);

interface Queued {
  rec: AuditRecord;
  resolve: (r: AuditRecord) => void;
  reject: (e: unknown) => void;
}

export class AuditLog {
  /** Head of the chain including queued records. */
  private last: Pick<AuditRecord, 'seq' | 'hash'> | undefined;
  /** Head of what is durable; the chain restarts here if a write fails. */
  private durable: Pick<AuditRecord, 'seq' | 'hash'> | undefined;
  private readonly fd: number;
  private queue: Queued[] = [];
  private flushing: Promise<void> | undefined;

  /**
   * @param path JSON-lines file; the chain continues from its last complete record.
   * @param secondary optional sink every record must also reach before `record` resolves.
   */
  constructor(
    readonly path: string,
    private readonly secondary?: EventSink<AuditRecord>,
  ) {
    this.last = existsSync(path) ? lastRecord(readFileSync(path, 'utf8')) : undefined;
    this.durable = this.last;
    this.fd = openSync(path, 'a');
  }

  /** Appends one record; resolves when it is durable in the file and the secondary sink. */
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
        await writeAsync(this.fd, batch.map((q) => `${JSON.stringify(q.rec)}\n`).join(''));
        await datasyncAsync(this.fd);
        this.durable = batch[batch.length - 1]!.rec;
        if (this.secondary) await this.secondary.write(batch.map((q) => q.rec));
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
    await closeAsync(this.fd);
    if (this.secondary) await this.secondary.close();
  }
}

/** The chain position of an audit file (its last complete record), or undefined for a new file. */
export function lastAuditRecord(path: string): { hash: string; seq: number } | undefined {
  const rec = existsSync(path) ? lastRecord(readFileSync(path, 'utf8')) : undefined;
  return rec ? { hash: rec.hash, seq: rec.seq } : undefined;
}

/** Finds the last complete record; a torn final line (crash mid-write) is ignored. */
function lastRecord(text: string): AuditRecord | undefined {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      return JSON.parse(lines[i]!) as AuditRecord;
    } catch {
      continue;
    }
  }
  return undefined;
}
