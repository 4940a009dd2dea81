/**
 * A bounded, durable, first-in-first-out spool of change events as a JSON-lines file.
 *
 * The exporter writes here while the broker is unreachable and replays oldest-first once it
 * returns. Consumed lines are skipped through a `.head` file holding the byte offset of the
 * first unconsumed line, so a replay does not rewrite the file per batch; the file is
 * compacted once it is fully consumed or more than half consumed. A crash between a
 * successful send and the head update replays a batch twice, which consumers absorb by
 * deduplicating on `eventId`.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync, writeSync, existsSync } from 'node:fs';
import type { ChangeEvent } from '@plumb/core/state/events';
import { decodeChange, encodeChange } from './encode';

/** Upper bounds; whichever is hit first makes the spool full. */
export interface SpoolLimits {
  maxRecords: number;
  maxBytes: number;
}

/** Result of an append: all events were spooled, or none was (the spool stays ordered). */
export type SpoolAppend = { ok: true } | { ok: false; reason: 'full'; detail: string };

export class ChangeSpool {
  private lines: string[] = [];
  private bytes = 0;
  /** Bytes in the file, consumed lines included. */
  private fileBytes = 0;
  /** Lines of the file that were unreadable at open (torn write after a crash). */
  readonly corruptLines: number;

  constructor(
    readonly path: string,
    readonly limits: SpoolLimits,
  ) {
    if (!(limits.maxRecords > 0 && limits.maxBytes > 0)) {
      throw new Error(`spool ${path}: maxRecords and maxBytes must be positive`);
    }
    let corrupt = 0;
    if (existsSync(path)) {
      const head = existsSync(`${path}.head`) ? Number(readFileSync(`${path}.head`, 'utf8')) || 0 : 0;
      const text = readFileSync(path).subarray(head).toString('utf8');
      for (const [i, line] of text.split('\n').entries()) {
        if (line === '') continue;
        if (decodeChange(line, `${path} line ${i + 1}`).ok) this.lines.push(line);
        else corrupt++;
      }
      this.bytes = this.lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
      this.rewrite();
    }
    this.corruptLines = corrupt;
  }

  /** Number of spooled events. */
  get records(): number {
    return this.lines.length;
  }

  /** Bytes of unconsumed lines. */
  get sizeBytes(): number {
    return this.bytes;
  }

  /** Appends all events durably (fsync), or none when a limit would be exceeded. */
  append(events: readonly ChangeEvent[]): SpoolAppend {
    const lines = events.map((e) => encodeChange(e).value);
    const addBytes = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    if (this.lines.length + lines.length > this.limits.maxRecords || this.bytes + addBytes > this.limits.maxBytes) {
      return {
        ok: false,
        reason: 'full',
        detail: `spool ${this.path} holds ${this.lines.length} events / ${this.bytes} bytes (limits ${this.limits.maxRecords} / ${this.limits.maxBytes}); refused ${events.length} new events`,
      };
    }
    const fd = openSync(this.path, 'a');
    try {
      writeSync(fd, lines.map((l) => `${l}\n`).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.lines.push(...lines);
    this.bytes += addBytes;
    this.fileBytes += addBytes;
    return { ok: true };
  }

  /** The oldest `n` events, in spool order. */
  peek(n: number): ChangeEvent[] {
    return this.lines.slice(0, n).map((l) => {
      const d = decodeChange(l, this.path);
      if (!d.ok) throw new Error(d.error);
      return d.event;
    });
  }

  /** Marks the oldest `n` events consumed. */
  consume(n: number): void {
    const gone = this.lines.splice(0, n);
    this.bytes -= gone.reduce((acc, l) => acc + Buffer.byteLength(l) + 1, 0);
    const headOffset = this.fileBytes - this.bytes;
    if (this.lines.length === 0 || headOffset > this.fileBytes / 2) this.rewrite();
    else atomicWrite(`${this.path}.head`, String(headOffset));
  }

  /**
   * Rewrites the file with only unconsumed lines. The head is reset first: a crash between
   * the two steps then replays consumed lines again (harmless) instead of skipping live ones.
   */
  private rewrite(): void {
    atomicWrite(`${this.path}.head`, '0');
    atomicWrite(this.path, this.lines.map((l) => `${l}\n`).join(''));
    this.fileBytes = this.bytes;
  }
}

function atomicWrite(path: string, content: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, content);
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
