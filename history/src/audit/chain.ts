/**
 * Checks the links of a hash-chained audit log as read back from Kafka. Pure.
 *
 * The hash of each record is computed by the handler over its canonical JSON; this checks
 * what the history of record can check without that canonical form: every record names its
 * predecessor's hash and the sequence has no gap, within a chain and across restarts.
 */
import { GENESIS_HASH } from '@plumb/core/state/canonical-json';
import type { AuditRecord } from '@plumb/core/state/events';

export { GENESIS_HASH };

/** Outcome of {@link verifyChainLinks}. */
export type ChainCheck =
  | { ok: true; records: number; lastHash: string; lastSeq: number }
  | { ok: false; atSeq: number; problem: string };

/**
 * Verifies `records` continue from (`prevHash`, `prevSeq`). Start a fresh chain with the
 * defaults (genesis hash, seq 0).
 */
export function verifyChainLinks(
  records: readonly Pick<AuditRecord, 'seq' | 'prevHash' | 'hash'>[],
  prevHash: string = GENESIS_HASH,
  prevSeq = 0,
): ChainCheck {
  let hash = prevHash;
  let seq = prevSeq;
  for (const r of records) {
    if (r.seq !== seq + 1) return { ok: false, atSeq: r.seq, problem: `sequence jumps from ${seq} to ${r.seq}` };
    if (r.prevHash !== hash) {
      return { ok: false, atSeq: r.seq, problem: `prevHash ${r.prevHash.slice(0, 12)}… does not match the previous hash ${hash.slice(0, 12)}…` };
    }
    if (!/^[0-9a-f]{64}$/.test(r.hash)) return { ok: false, atSeq: r.seq, problem: 'hash is not 64 hex digits' };
    hash = r.hash;
    seq = r.seq;
  }
  return { ok: true, records: records.length, lastHash: hash, lastSeq: seq };
}
