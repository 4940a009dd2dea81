/**
 * Checks the audit records the handler returns: each record's hash must be the SHA-256
 * of its canonical JSON (keys sorted, undefined dropped) and link to the one before.
 * Runs on Web Crypto, so it works in the browser and in Node alike.
 */

// The handler hashes this very form: one implementation, shared through core.
import { canonicalJson, GENESIS_HASH as GENESIS } from '@plumb/core/state/canonical-json';
import type { AuditRecord } from '@plumb/core/state/events';

export { canonicalJson };

/** An audit record as the handler returns it: the contract's own type. */
export type AuditRecordView = AuditRecord;

export type ChainStatus = { ok: true; checked: number; complete: boolean } | { ok: false; checked: number; seq: number; problem: string };


async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Verifies a window of consecutive records. `complete` is true when the window starts
 * at the first record of the log (seq 1), so the genesis link was checked too.
 */
export async function checkChain(records: readonly AuditRecordView[]): Promise<ChainStatus> {
  let previous: AuditRecordView | undefined;
  for (const r of records) {
    const { hash, ...body } = r;
    if ((await sha256Hex(canonicalJson(body))) !== hash) return { ok: false, checked: records.indexOf(r), seq: r.seq, problem: 'record was altered (hash does not match its content)' };
    if (previous && (r.seq !== previous.seq + 1 || r.prevHash !== previous.hash)) return { ok: false, checked: records.indexOf(r), seq: r.seq, problem: 'record does not link to the one before (dropped, inserted or reordered)' };
    if (!previous && r.seq === 1 && r.prevHash !== GENESIS) return { ok: false, checked: 0, seq: 1, problem: 'first record does not start the chain' };
    previous = r;
  }
  return { ok: true, checked: records.length, complete: records[0]?.seq === 1 };
}
