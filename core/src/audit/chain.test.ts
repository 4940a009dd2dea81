import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../state/events';
import { CHAIN_START, claimedTail, GENESIS_HASH, hashedText, linkRecord, verifyAuditChain } from './chain';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (let i = 0; i < n; i++)
    out.push(linkRecord({ atMs: 1000 + i, actor: 'plumb-hooks/test', kind: 'decision', data: { node: `n${i}`, nested: { b: 1, a: 2 } } }, out[i - 1], sha256));
  return out;
}
const verify = (records: AuditRecord[], from = CHAIN_START) =>
  verifyAuditChain(
    records,
    records.map((r) => sha256(hashedText(r))),
    from,
  );

describe('the audit chain', () => {
  it('The first record links to the genesis hash and seq 1.', () => {
    expect(chain(1)[0]).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
  });

  it('A whole chain verifies from the start.', () => {
    const c = chain(4);
    expect(verify(c)).toEqual({ ok: true, records: 4, lastSeq: 4, lastHash: c[3]!.hash });
  });

  it('A window verifies from the tail it claims.', () => {
    const window = chain(5).slice(2);
    expect(verify(window, claimedTail(window[0]!)).ok).toBe(true);
  });

  it.each([
    {
      name: 'An edited field is an altered record.',
      tamper: (c: AuditRecord[]) => ((c[1] = { ...c[1]!, data: { node: 'evil' } }), c),
      index: 1,
      problem: 'altered',
    },
    { name: 'A removed record breaks the link at the next one.', tamper: (c: AuditRecord[]) => (c.splice(1, 1), c), index: 1, problem: 'jumps from 1 to 3' },
    { name: 'Swapped records break the link.', tamper: (c: AuditRecord[]) => (([c[1], c[2]] = [c[2]!, c[1]!]), c), index: 1, problem: 'does not link' },
    {
      name: 'An edit whose hash was recomputed breaks the link at the next record.',
      tamper: (c: AuditRecord[]) => ((c[1] = linkRecord({ ...c[1]!, data: { node: 'evil' } }, c[0], sha256)), c),
      index: 2,
      problem: 'prevHash',
    },
    {
      name: 'A chain that does not start at genesis is refused from the start.',
      tamper: (c: AuditRecord[]) => c.slice(1),
      index: 0,
      problem: 'jumps from 0 to 2',
    },
  ])('$name', ({ tamper, index, problem }) => {
    const verdict = verify(tamper(chain(4)));
    expect(verdict).toMatchObject({ ok: false, index });
    expect(!verdict.ok && verdict.problem).toContain(problem);
  });
});
