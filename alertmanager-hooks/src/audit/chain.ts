/**
 * The handler's side of the audit chain (defined in core): linking with node:crypto, and
 * verifying a JSON-lines log file line by line.
 */
import { createHash } from 'node:crypto';
import { hashedText, linkRecord as linkWith, verifyAuditChain, type AuditEntry, type ChainTail } from '@plumb/core/audit/chain';
import type { AuditRecord } from '@plumb/core/state/events';

export type { AuditEntry };

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Links an entry after `previous` (undefined for the first record). */
export function linkRecord(entry: AuditEntry, previous: ChainTail | undefined): AuditRecord {
  return linkWith(entry, previous, sha256Hex);
}

export type ChainVerdict = { ok: true; records: number; lastHash: string } | { ok: false; records: number; line: number; problem: string };

/** Checks JSON lines of audit records from the first record on; names the first line that breaks the chain. */
export function verifyChain(lines: readonly string[]): ChainVerdict {
  const records: AuditRecord[] = [];
  const lineOf: number[] = [];
  let unparsable: number | undefined;
  for (const [i, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    try {
      records.push(JSON.parse(raw) as AuditRecord);
      lineOf.push(i + 1);
    } catch {
      unparsable = i + 1;
      break;
    }
  }
  const verdict = verifyAuditChain(
    records,
    records.map((r) => sha256Hex(hashedText(r))),
  );
  if (!verdict.ok) return { ok: false, records: verdict.index, line: lineOf[verdict.index] ?? 0, problem: verdict.problem };
  if (unparsable !== undefined) return { ok: false, records: records.length, line: unparsable, problem: 'not valid JSON' };
  return { ok: true, records: verdict.records, lastHash: verdict.lastHash };
}
