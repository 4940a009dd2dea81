/** The browser-side chain check agrees with the handler's own chain (records made by its `linkRecord`). */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { linkRecord } from '@plumb/core/audit/chain';
import type { AuditRecord } from '@plumb/core/state/events';
import { checkChain } from './chainCheck';

// The handler links with node:crypto; the check under test hashes with Web Crypto.
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      linkRecord(
        {
          atMs: 1_700_000_000_000 + i,
          actor: i % 2 ? 'anna.approver' : 'plumb-hooks/0',
          kind: i % 2 ? 'approval' : 'decision',
          data: { node: `n${i}`, nested: { b: 1, a: [1, { z: 2, y: undefined }] } },
        },
        out[i - 1],
        sha256,
      ),
    );
  return out;
}

describe('the audit chain check', () => {
  it('accepts a chain written by the handler, from genesis.', async () => {
    expect(await checkChain(chain(5))).toEqual({ ok: true, checked: 5, complete: true });
  });
  it('accepts a window that does not start at the first record, and says so.', async () => {
    expect(await checkChain(chain(5).slice(2))).toEqual({ ok: true, checked: 3, complete: false });
  });
  it.each([
    ['an altered record', (c: AuditRecord[]) => ((c[2]!.data = { node: 'other' }), c), 3, 'altered'],
    ['a dropped record', (c: AuditRecord[]) => (c.splice(2, 1), c), 4, 'link'],
    ['reordered records', (c: AuditRecord[]) => (([c[1], c[2]] = [c[2]!, c[1]!]), c), 3, 'link'],
  ])('names the first bad record after %s.', async (_n, tamper, seq, problem) => {
    const r = await checkChain(tamper(chain(5)));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.seq).toBe(seq);
    expect(!r.ok && r.problem).toContain(problem);
  });
});
