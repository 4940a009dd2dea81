import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, verifyChainLinks } from './chain';

const h = (n: number): string => n.toString(16).padStart(64, '0');
const chain = [
  { seq: 1, prevHash: GENESIS_HASH, hash: h(1) },
  { seq: 2, prevHash: h(1), hash: h(2) },
  { seq: 3, prevHash: h(2), hash: h(3) },
];

describe('verifyChainLinks', () => {
  it('accepts a chain that starts at genesis', () => {
    expect(verifyChainLinks(chain)).toEqual({ ok: true, records: 3, lastHash: h(3), lastSeq: 3 });
  });
  it('accepts a batch that continues a known tail', () => {
    expect(verifyChainLinks(chain.slice(2), h(2), 2).ok).toBe(true);
  });
  const broken: [string, typeof chain, RegExp][] = [
    ['a gap in the sequence is reported', [chain[0]!, chain[2]!], /jumps from 1 to 3/],
    ['a record that names the wrong predecessor is reported', [chain[0]!, { ...chain[1]!, prevHash: h(9) }], /does not match/],
    ['a malformed hash is reported', [{ ...chain[0]!, hash: 'xyz' }], /64 hex/],
  ];
  it.each(broken)('%s', (_n, records, problem) => {
    const r = verifyChainLinks(records);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });
});
