/**
 * Chain-head checkpoints, kept outside the audit file. The chain alone proves
 * that nothing was changed *inside* what is there; it cannot tell that the last
 * records were deleted, or that the whole file was rewritten and re-linked.
 * A checkpoint (seq, hash), with a key signed with HMAC-SHA256, pins the head:
 * a later copy of the chain must still hold that record with that hash. The
 * handler writes one after each durable batch to a file of its own and
 * publishes one after each batch Kafka acknowledged to
 * `plumb.audit-checkpoints`, so removing or rewriting the file too is still
 * caught. Pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditRecord } from '@plumb/core/state/events';

export interface Checkpoint {
  seq: number;
  hash: string;
  atMs: number;
  /** HMAC-SHA256 over `seq|hash|atMs`, hex; absent when no key is configured. */
  mac?: string;
}

const macOf = (c: Omit<Checkpoint, 'mac'>, key: string) => createHmac('sha256', key).update(`${c.seq}|${c.hash}|${c.atMs}`).digest('hex');

export function makeCheckpoint(head: Pick<AuditRecord, 'seq' | 'hash'>, atMs: number, key: string | undefined): Checkpoint {
  const c = { seq: head.seq, hash: head.hash, atMs };
  return key === undefined ? c : { ...c, mac: macOf(c, key) };
}

export type CheckpointVerdict = { ok: true; checked: number; highestSeq: number } | { ok: false; problem: string };

/**
 * Checks checkpoint lines against the records of a verified chain (seq → hash).
 * With a key, every checkpoint must carry a valid signature. A torn last line is ignored.
 * `subject` names the copy of the chain in problems (`the file`, `plumb.audit`).
 */
export function verifyCheckpoints(
  lines: readonly string[],
  hashes: ReadonlyMap<number, string>,
  key: string | undefined,
  subject = 'the file',
): CheckpointVerdict {
  const nonEmpty = lines.map((l) => l.trim()).filter((l) => l !== '');
  let highestSeq = 0;
  let checked = 0;
  for (const [i, text] of nonEmpty.entries()) {
    let c: Checkpoint;
    try {
      c = JSON.parse(text) as Checkpoint;
    } catch {
      if (i === nonEmpty.length - 1) continue;
      return { ok: false, problem: `checkpoint line ${i + 1} is not valid JSON` };
    }
    if (key !== undefined) {
      const want = Buffer.from(macOf(c, key), 'hex');
      const got = Buffer.from(typeof c.mac === 'string' ? c.mac : '', 'hex');
      if (got.length !== want.length || !timingSafeEqual(got, want))
        return { ok: false, problem: `checkpoint line ${i + 1} (seq ${c.seq}) has no valid signature` };
    }
    const hash = hashes.get(c.seq);
    if (hash === undefined)
      return {
        ok: false,
        problem: `checkpoint at seq ${c.seq} but ${subject} ends at seq ${Math.max(0, ...hashes.keys())}: records were deleted from the end`,
      };
    if (hash !== c.hash)
      return {
        ok: false,
        problem: `record seq ${c.seq} has hash ${hash.slice(0, 12)}…, the checkpoint says ${c.hash.slice(0, 12)}…: ${subject} was rewritten`,
      };
    highestSeq = Math.max(highestSeq, c.seq);
    checked++;
  }
  return { ok: true, checked, highestSeq };
}
