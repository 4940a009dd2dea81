/**
 * Audit queries that never stall the webhook: the file is read backwards in
 * chunks with async I/O, yielding between chunks, and the scan stops at
 * `limit` matches or at a byte budget. Newest first; `beforeSeq` pages back.
 */
import { open } from 'node:fs/promises';
import type { AuditRecord } from '@plumb/core/state/events';

export interface AuditQuery {
  actionId?: string | undefined;
  node?: string | undefined;
  kind?: string | undefined;
  sinceMs?: number | undefined;
  /** Only records with a smaller seq (the `next` cursor of the previous page). */
  beforeSeq?: number | undefined;
  limit: number;
}

export interface AuditPage {
  /** Matches, oldest first. */
  records: AuditRecord[];
  /** Pass as `beforeSeq` for the next (older) page; absent when the file start was reached. */
  next: number | undefined;
  /** Bytes read for this page. */
  scannedBytes: number;
}

const CHUNK = 1 << 20;

const matches = (r: AuditRecord, q: AuditQuery) =>
  (q.kind === undefined || r.kind === q.kind) &&
  (q.actionId === undefined || r.data.actionId === q.actionId) &&
  (q.node === undefined || r.data.node === q.node);

/** @param maxScanBytes stop after this much of the file even if fewer than `limit` matched (the cursor continues). */
export async function queryAudit(path: string, q: AuditQuery, maxScanBytes = 64 * CHUNK): Promise<AuditPage> {
  const fh = await open(path, 'r');
  try {
    let end = (await fh.stat()).size;
    let carry = Buffer.alloc(0);
    const found: AuditRecord[] = [];
    let scanned = 0;
    let lastSeq: number | undefined;
    while (end > 0) {
      const start = Math.max(0, end - CHUNK);
      const buf = Buffer.alloc(end - start);
      await fh.read(buf, 0, buf.length, start);
      scanned += buf.length;
      const data = Buffer.concat([buf, carry]);
      // The first line of the chunk may be cut: keep it for the next (older) chunk.
      const firstNl = start === 0 ? -1 : data.indexOf(0x0a);
      carry = firstNl === -1 ? Buffer.alloc(0) : data.subarray(0, firstNl);
      const lines = data
        .subarray(firstNl + 1)
        .toString('utf8')
        .split('\n');
      for (let i = lines.length - 1; i >= 0; i--) {
        const text = lines[i]!.trim();
        if (text === '') continue;
        let r: AuditRecord;
        try {
          r = JSON.parse(text) as AuditRecord;
        } catch {
          continue; // a torn tail being recovered
        }
        if (q.beforeSeq !== undefined && r.seq >= q.beforeSeq) continue;
        if (q.sinceMs !== undefined && r.atMs < q.sinceMs) return { records: found.reverse(), next: undefined, scannedBytes: scanned };
        lastSeq = r.seq;
        if (!matches(r, q)) continue;
        found.push(r);
        if (found.length >= q.limit) return { records: found.reverse(), next: r.seq > 1 ? r.seq : undefined, scannedBytes: scanned };
      }
      end = start;
      if (scanned >= maxScanBytes && end > 0) return { records: found.reverse(), next: lastSeq, scannedBytes: scanned };
      await new Promise((r) => setImmediate(r)); // let acks in between chunks
    }
    return { records: found.reverse(), next: undefined, scannedBytes: scanned };
  } finally {
    await fh.close();
  }
}
