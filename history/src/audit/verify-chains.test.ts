import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH } from '@plumb/core/state/canonical-json';
import { AUDIT_SCHEMA, type AuditRecordBody } from './encode';
import { verifyAuditChains } from './verify-chains';

function chain(id: string, n: number, from = 1, prev = GENESIS_HASH): AuditRecordBody[] {
  const out: AuditRecordBody[] = [];
  for (let seq = from; seq < from + n; seq++) {
    const body = { seq, atMs: seq, actor: 'plumb-hooks/a', kind: 'decision', data: { seq }, prevHash: prev };
    const hash = createHash('sha256').update(canonicalJson(body)).digest('hex');
    out.push({ schema: AUDIT_SCHEMA, chainId: id, ...body, hash });
    prev = hash;
  }
  return out;
}

describe('verifyAuditChains', () => {
  const a = chain('a', 5);
  it.each([
    ['An intact chain is verified.', a, { ok: true, records: 5, duplicates: 0 }],
    ['Re-sent copies of records are ignored, not counted as breaks.', [...a, ...a.slice(2)], { ok: true, records: 5, duplicates: 3 }],
    ['A chain whose start is past retention is checked from its first record.', a.slice(2), { ok: true, records: 3, firstSeq: 3 }],
    ['An edited record is reported.', a.map((r) => (r.seq === 3 ? { ...r, data: { seq: 99 } } : r)), { ok: false, atSeq: 3 }],
    ['A missing record is reported.', a.filter((r) => r.seq !== 3), { ok: false, atSeq: 4 }],
    ['Two different records with one sequence number are reported.', [...a, { ...a[4]!, hash: 'f'.repeat(64) }], { ok: false, atSeq: 5 }],
  ])('%s', (_n, records, want) => expect(verifyAuditChains(records)[0]).toMatchObject(want));
});
