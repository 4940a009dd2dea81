/**
 * Verifies the audit chains read back from `plumb.audit`, so `plumb history`
 * never presents records it has not checked. Per chain id: copies of one record
 * (the forwarder re-sends after a crash, at least once) collapse into one; every
 * hash is recomputed over the record's canonical JSON and every link checked.
 * Retention may have dropped a chain's beginning: it is then checked from its
 * first record kept, and the report says so. Pure.
 */
import { createHash } from 'node:crypto';
import { claimedTail, hashedText, verifyAuditChain } from '@plumb/core/audit/chain';
import type { AuditRecord } from '@plumb/core/state/events';
import type { AuditRecordBody } from './encode';

export type ChainReport =
  | { chainId: string; ok: true; records: number; firstSeq: number; lastSeq: number; duplicates: number }
  | { chainId: string; ok: false; atSeq: number; problem: string };

/** The record as the handler hashed it: without the topic's envelope fields. */
const asRecord = (r: AuditRecordBody): AuditRecord => {
  const { schema: _s, chainId: _c, ...record } = r;
  return record as AuditRecord;
};
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function verifyAuditChains(records: readonly AuditRecordBody[]): ChainReport[] {
  const byChain = new Map<string, AuditRecordBody[]>();
  for (const r of records) byChain.set(r.chainId, [...(byChain.get(r.chainId) ?? []), r]);
  return [...byChain].map(([chainId, list]): ChainReport => {
    const seen = new Map<number, string>();
    const unique: AuditRecordBody[] = [];
    for (const r of list) {
      const known = seen.get(r.seq);
      if (known === r.hash) continue;
      if (known !== undefined) return { chainId, ok: false, atSeq: r.seq, problem: 'two different records with one sequence number' };
      seen.set(r.seq, r.hash);
      unique.push(r);
    }
    unique.sort((a, b) => a.seq - b.seq);
    const records = unique.map(asRecord);
    const first = records[0]!;
    const verdict = verifyAuditChain(
      records,
      records.map((r) => sha256(hashedText(r))),
      claimedTail(first),
    );
    if (!verdict.ok) return { chainId, ok: false, atSeq: verdict.seq, problem: verdict.problem };
    return { chainId, ok: true, records: unique.length, firstSeq: first.seq, lastSeq: verdict.lastSeq, duplicates: list.length - unique.length };
  });
}

/** One line per chain for the operator. */
export function describeChain(r: ChainReport): string {
  if (!r.ok) return `audit chain ${r.chainId}: BROKEN at seq ${r.atSeq}: ${r.problem}; attributions from it are not trustworthy`;
  const from = r.firstSeq === 1 ? '' : ` (from seq ${r.firstSeq}: earlier records are past retention)`;
  return `audit chain ${r.chainId}: ${r.records} records verified, seq ${r.firstSeq}-${r.lastSeq}${from}${r.duplicates ? `, ${r.duplicates} re-sent copies ignored` : ''}`;
}
