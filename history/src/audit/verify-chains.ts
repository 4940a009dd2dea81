/**
 * Verifies the audit chains read back from `plumb.audit`, so `plumb history`
 * never presents records it has not checked. Per chain id: copies of one record
 * (the forwarder re-sends after a crash, at least once) collapse into one; every
 * hash is recomputed over the record's canonical JSON and every link checked.
 * Retention may have dropped a chain's beginning: it is then checked from its
 * first record kept, and the report says so. Pure.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@plumb/core/state/canonical-json';
import type { AuditRecordBody } from './encode';
import { verifyChainLinks } from './chain';

export type ChainReport =
  | { chainId: string; ok: true; records: number; firstSeq: number; lastSeq: number; duplicates: number }
  | { chainId: string; ok: false; atSeq: number; problem: string };

const hashOf = (r: AuditRecordBody) => {
  const { schema: _s, chainId: _c, hash: _h, ...body } = r;
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
};

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
    for (const r of unique) if (hashOf(r) !== r.hash) return { chainId, ok: false, atSeq: r.seq, problem: 'hash does not match the record (edited)' };
    const first = unique[0]!;
    const links = verifyChainLinks(unique, first.prevHash, first.seq - 1);
    if (!links.ok) return { chainId, ok: false, atSeq: links.atSeq, problem: links.problem };
    return { chainId, ok: true, records: unique.length, firstSeq: first.seq, lastSeq: links.lastSeq, duplicates: list.length - unique.length };
  });
}

/** One line per chain for the operator. */
export function describeChain(r: ChainReport): string {
  if (!r.ok) return `audit chain ${r.chainId}: BROKEN at seq ${r.atSeq}: ${r.problem}; attributions from it are not trustworthy`;
  const from = r.firstSeq === 1 ? '' : ` (from seq ${r.firstSeq}: earlier records are past retention)`;
  return `audit chain ${r.chainId}: ${r.records} records verified, seq ${r.firstSeq}-${r.lastSeq}${from}${r.duplicates ? `, ${r.duplicates} re-sent copies ignored` : ''}`;
}
