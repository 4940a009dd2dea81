/**
 * Checks the audit records the handler returns with core's chain rules: each record's hash
 * must be the SHA-256 of its canonical JSON and link to the one before. Hashes with Web
 * Crypto, so it works in the browser and in Node alike.
 */
import { claimedTail, hashedText, verifyAuditChain } from '@plumb/core/audit/chain';
import type { AuditRecord } from '@plumb/core/state/events';

/** An audit record as the handler returns it: the contract's own type. */
export type AuditRecordView = AuditRecord;

export type ChainStatus = { ok: true; checked: number; complete: boolean } | { ok: false; checked: number; seq: number; problem: string };

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Verifies a window of consecutive records with the handler's own chain rules. `complete`
 * is true when the window starts at the first record of the log (seq 1), so the genesis
 * link was checked too.
 */
export async function checkChain(records: readonly AuditRecordView[]): Promise<ChainStatus> {
  if (records.length === 0) return { ok: true, checked: 0, complete: false };
  const digests = await Promise.all(records.map((r) => sha256Hex(hashedText(r))));
  const verdict = verifyAuditChain(records, digests, claimedTail(records[0]!));
  if (!verdict.ok) return { ok: false, checked: verdict.index, seq: verdict.seq, problem: verdict.problem };
  return { ok: true, checked: records.length, complete: records[0]!.seq === 1 };
}
