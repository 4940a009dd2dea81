/**
 * The audit hash chain, pure: the handler writes it, the handler's CLI, the history of
 * record and the plugin check it, all with these functions. Each record's `hash` is
 * SHA-256 over the canonical JSON of the record without `hash`; `prevHash` is the
 * previous record's `hash` (64 zeros for the first); `seq` counts from 1. Changing,
 * dropping, inserting or reordering any record breaks the chain.
 *
 * Hashing is the caller's: node:crypto in Node, Web Crypto (asynchronous) in the browser.
 * Linking takes a hash function; verifying takes the digests the caller computed.
 */
import { canonicalJson, GENESIS_HASH } from '../state/canonical-json';
import type { AuditRecord } from '../state/events';

export { GENESIS_HASH };

/** Hex SHA-256 of UTF-8 text. */
export type Sha256Hex = (text: string) => string;

/** The text whose SHA-256 is the record's hash: its canonical JSON without `hash`. */
export function hashedText(record: Omit<AuditRecord, 'hash'> | AuditRecord): string {
  const { hash: _hash, ...body } = record as AuditRecord;
  return canonicalJson(body);
}

/** The fields a caller provides; the chain adds seq, prevHash and hash. */
export type AuditEntry = Pick<AuditRecord, 'atMs' | 'actor' | 'kind' | 'data'>;

/** The record a chain continues from; `CHAIN_START` for a whole log. */
export interface ChainTail {
  seq: number;
  hash: string;
}
export const CHAIN_START: ChainTail = { seq: 0, hash: GENESIS_HASH };

/** Links an entry after `previous` (undefined for the first record). */
export function linkRecord(entry: AuditEntry, previous: ChainTail | undefined, sha256: Sha256Hex): AuditRecord {
  const tail = previous ?? CHAIN_START;
  const body: Omit<AuditRecord, 'hash'> = { seq: tail.seq + 1, atMs: entry.atMs, actor: entry.actor, kind: entry.kind, data: entry.data, prevHash: tail.hash };
  return { ...body, hash: sha256(hashedText(body)) };
}

/** The tail a window of records claims to continue from: genesis when it starts at seq 1. */
export function claimedTail(first: Pick<AuditRecord, 'seq' | 'prevHash'>): ChainTail {
  return first.seq === 1 ? CHAIN_START : { seq: first.seq - 1, hash: first.prevHash };
}

export type ChainVerdict = { ok: true; records: number; lastSeq: number; lastHash: string } | { ok: false; index: number; seq: number; problem: string };

/**
 * Checks that `records` continue the chain from `from`. `digests[i]` is the SHA-256 of
 * `hashedText(records[i])`; the first record that breaks the chain is named by index and seq.
 */
export function verifyAuditChain(records: readonly AuditRecord[], digests: readonly string[], from: ChainTail = CHAIN_START): ChainVerdict {
  let tail = from;
  for (const [index, r] of records.entries()) {
    const broken = (problem: string): ChainVerdict => ({ ok: false, index, seq: r.seq, problem });
    if (digests[index] !== r.hash) return broken('record was altered: its hash does not match its content');
    if (r.seq !== tail.seq + 1)
      return broken(`record does not link to the one before: seq jumps from ${tail.seq} to ${r.seq} (removed, inserted or reordered)`);
    if (r.prevHash !== tail.hash)
      return broken(
        `record does not link to the one before: prevHash ${String(r.prevHash).slice(0, 12)}… is not ${tail.hash.slice(0, 12)}… (removed, inserted or reordered)`,
      );
    tail = { seq: r.seq, hash: r.hash };
  }
  return { ok: true, records: records.length, lastSeq: tail.seq, lastHash: tail.hash };
}
