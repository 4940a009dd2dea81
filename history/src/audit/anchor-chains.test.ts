import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { linkRecord } from '@plumb/core/audit/chain';
import type { AuditRecord } from '@plumb/core/state/events';
import { anchorChains } from './anchor-chains';
import { makeCheckpoint } from './checkpoint';
import { AUDIT_SCHEMA, type AuditRecordBody } from './encode';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const KEY = 'anchor-key';

function chain(n: number, kind = 'decision'): AuditRecordBody[] {
  const out: AuditRecord[] = [];
  for (let i = 0; i < n; i++) out.push(linkRecord({ atMs: i, actor: 'plumb-hooks/a', kind, data: { i } }, out.at(-1), sha));
  return out.map((r) => ({ ...r, schema: AUDIT_SCHEMA, chainId: 'a' }));
}
const cp = (r: AuditRecordBody, key = KEY) => JSON.stringify(makeCheckpoint(r, r.atMs, key));

describe('anchorChains', () => {
  const full = chain(6);
  it.each([
    ['a chain that holds every checkpoint is anchored', full, [cp(full[2]!), cp(full[5]!)], { anchored: true, checked: 2, highestSeq: 6 }],
    [
      'a chain whose last records were lost from the topic is caught',
      full.slice(0, 4),
      [cp(full[5]!)],
      { anchored: false, problem: expect.stringContaining('records were deleted from the end') },
    ],
    [
      'a chain rewritten and re-linked is caught',
      chain(6, 'rewritten'),
      [cp(full[5]!)],
      { anchored: false, problem: expect.stringContaining('plumb.audit was rewritten') },
    ],
    [
      'a forged checkpoint without the key is refused',
      full,
      [cp(full[5]!, 'other')],
      { anchored: false, problem: expect.stringContaining('no valid signature') },
    ],
    ['checkpoints older than the first record kept are skipped', full.slice(3), [cp(full[1]!)], { anchored: false, problem: undefined }],
    ['a chain without checkpoints is reported unanchored, never anchored', full, [], { anchored: false, problem: undefined }],
  ])('%s', (_name, records, lines, want) => {
    expect(anchorChains(records, new Map([['a', lines]]), KEY, 'plumb.audit')).toEqual([{ chainId: 'a', ...want }]);
  });
});
