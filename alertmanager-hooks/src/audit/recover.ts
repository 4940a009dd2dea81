/**
 * Finding the intact prefix of an audit file after a crash. A crash mid-write
 * leaves a final line without its newline, or with bytes that are not a whole
 * record; everything before it was fsynced and is intact. Pure.
 */
import type { AuditRecord } from '@plumb/core/state/events';

export interface IntactPrefix {
  /** Bytes of whole, newline-terminated, parseable lines. */
  bytes: number;
  /** The last of those records, where the chain continues. */
  last: AuditRecord | undefined;
  /** Bytes after the prefix: a torn write (0 when the file is whole). */
  tornBytes: number;
}

export function intactPrefix(content: Buffer): IntactPrefix {
  const end = content.lastIndexOf(0x0a) + 1; // after the last newline
  let bytes = end;
  let last: AuditRecord | undefined;
  // The last newline-terminated line may itself be a torn record followed by a newline from a later write: step back until a line parses.
  while (bytes > 0) {
    const start = content.lastIndexOf(0x0a, bytes - 2) + 1;
    const line = content
      .subarray(start, bytes - 1)
      .toString('utf8')
      .trim();
    if (line === '') {
      bytes = start;
      continue;
    }
    try {
      last = JSON.parse(line) as AuditRecord;
      break;
    } catch {
      bytes = start;
    }
  }
  return { bytes, last, tornBytes: content.length - bytes };
}
