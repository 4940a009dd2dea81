/**
 * The audit hash chain, pure. Each record's `hash` is sha256 over the canonical
 * JSON of the record without `hash`; `prevHash` is the previous record's `hash`.
 * Changing, dropping, inserting or reordering any record breaks the chain.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, GENESIS_HASH } from '@plumb/core/state/canonical-json';
import type { AuditRecord } from '@plumb/core/state/events';

export { canonicalJson, GENESIS_HASH };


export function hashRecord(record: Omit<AuditRecord, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}

/** The fields a caller provides; the chain adds seq, prevHash and hash. */
export type AuditEntry = Pick<AuditRecord, 'atMs' | 'actor' | 'kind' | 'data'>;

/** Links an entry after `previous` (undefined for the first record). */
export function linkRecord(entry: AuditEntry, previous: Pick<AuditRecord, 'seq' | 'hash'> | undefined): AuditRecord {
  const body: Omit<AuditRecord, 'hash'> = {
    seq: (previous?.seq ?? 0) + 1,
    atMs: entry.atMs,
    actor: entry.actor,
    kind: entry.kind,
    data: entry.data,
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...body, hash: hashRecord(body) };
}

export type ChainVerdict =
  | { ok: true; records: number; lastHash: string }
  | { ok: false; records: number; line: number; problem: string };

/** Checks JSON lines of audit records; names the first line that breaks the chain. */
export function verifyChain(lines: readonly string[]): ChainVerdict {
  let previous: AuditRecord | undefined;
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (text === '') continue;
    const line = i + 1;
    let record: AuditRecord;
    try {
      record = JSON.parse(text) as AuditRecord;
    } catch {
      return { ok: false, records: count, line, problem: 'not valid JSON' };
    }
    const { hash, ...body } = record;
    if (typeof hash !== 'string' || hashRecord(body) !== hash) return { ok: false, records: count, line, problem: 'hash does not match the record (edited)' };
    const expectedPrev = previous?.hash ?? GENESIS_HASH;
    if (record.prevHash !== expectedPrev) return { ok: false, records: count, line, problem: 'prevHash does not match the previous record (removed, inserted or reordered)' };
    if (record.seq !== (previous?.seq ?? 0) + 1) return { ok: false, records: count, line, problem: `seq ${record.seq} out of order` };
    previous = record;
    count++;
  }
  return { ok: true, records: count, lastHash: previous?.hash ?? GENESIS_HASH };
}
