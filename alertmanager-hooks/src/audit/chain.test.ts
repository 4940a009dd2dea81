import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '@plumb/core/audit/chain';
import { canonicalJson } from '@plumb/core/state/canonical-json';
import { linkRecord, verifyChain } from './chain';

function chain(n: number): string[] {
  const out: string[] = [];
  let prev: ReturnType<typeof linkRecord> | undefined;
  for (let i = 0; i < n; i++) {
    prev = linkRecord({ atMs: 1000 + i, actor: 'plumb-hooks/test', kind: 'decision', data: { node: `n${i}`, nested: { b: 1, a: 2 } } }, prev);
    out.push(JSON.stringify(prev));
  }
  return out;
}

describe('canonicalJson', () => {
  it.each([
    ['sorts object keys at every level', { b: 1, a: { d: 1, c: 2 } }, '{"a":{"c":2,"d":1},"b":1}'],
    ['drops undefined fields like JSON.stringify does', { a: undefined, b: 1 }, '{"b":1}'],
    ['keeps array order', [3, 1, 2], '[3,1,2]'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe('verifyChain', () => {
  const good = chain(4);
  const edited = [...good];
  edited[1] = edited[1]!.replace('"n1"', '"n9"');
  const rehashedEdit = (() => {
    const lines = chain(4);
    const r = JSON.parse(lines[1]!);
    r.data.node = 'evil';
    const relinked = linkRecord({ atMs: r.atMs, actor: r.actor, kind: r.kind, data: r.data }, JSON.parse(lines[0]!));
    lines[1] = JSON.stringify(relinked);
    return lines;
  })();
  it.each([
    ['accepts an untouched chain', good, true, undefined],
    ['accepts an empty file', [], true, undefined],
    ['detects an edited field', edited, false, 2],
    ['detects a removed record', [good[0]!, good[2]!, good[3]!], false, 2],
    ['detects swapped records', [good[0]!, good[2]!, good[1]!, good[3]!], false, 2],
    ['detects an edit whose hash was recomputed, at the next record', rehashedEdit, false, 3],
    ['detects a truncated line', [good[0]!, good[1]!.slice(0, 20)], false, 2],
  ])('%s', (_name, lines, ok, line) => {
    const verdict = verifyChain(lines);
    expect(verdict.ok).toBe(ok);
    if (!verdict.ok) expect(verdict.line).toBe(line);
  });

  it('starts the chain at the genesis hash', () => {
    expect(JSON.parse(good[0]!).prevHash).toBe(GENESIS_HASH);
  });
});
