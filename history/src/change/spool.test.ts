import { mkdtempSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '@plumb/core/state/events';
import { ChangeSpool } from './spool';

const ev = (seq: number): ChangeEvent => ({
  eventId: `n1:w:d:${seq}`,
  node: 'n1',
  region: 'r',
  workload: 'w',
  dimension: 'd',
  newHash: 'h'.repeat(16),
  observedAtMs: 1000 + seq,
  seq,
});
const path = (): string => join(mkdtempSync(join(tmpdir(), 'plumb-spool-')), 'changes.jsonl');

describe('ChangeSpool', () => {
  it('gives events back oldest first and forgets consumed ones', () => {
    const s = new ChangeSpool(path(), { maxRecords: 100, maxBytes: 1 << 20 });
    s.append([ev(1), ev(2)]);
    s.append([ev(3)]);
    expect(s.peek(2).map((e) => e.seq)).toEqual([1, 2]);
    s.consume(2);
    expect(s.peek(10).map((e) => e.seq)).toEqual([3]);
  });

  it('survives a restart, keeping unconsumed events and their order', () => {
    const p = path();
    const a = new ChangeSpool(p, { maxRecords: 100, maxBytes: 1 << 20 });
    a.append([1, 2, 3, 4, 5].map(ev));
    a.consume(1);
    const b = new ChangeSpool(p, { maxRecords: 100, maxBytes: 1 << 20 });
    expect(b.peek(10).map((e) => e.seq)).toEqual([2, 3, 4, 5]);
  });

  it('refuses a whole batch that would exceed the record limit and keeps what it had', () => {
    const s = new ChangeSpool(path(), { maxRecords: 3, maxBytes: 1 << 20 });
    expect(s.append([ev(1), ev(2)]).ok).toBe(true);
    const r = s.append([ev(3), ev(4)]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.detail).toMatch(/holds 2 events.*refused 2/);
    expect(s.records).toBe(2);
  });

  it('refuses a batch that would exceed the byte limit', () => {
    const s = new ChangeSpool(path(), { maxRecords: 1000, maxBytes: 300 });
    expect(s.append([ev(1)]).ok).toBe(true);
    expect(s.append([ev(2), ev(3)]).ok).toBe(false);
  });

  it('skips a torn last line left by a crash and counts it', () => {
    const p = path();
    new ChangeSpool(p, { maxRecords: 10, maxBytes: 1 << 20 }).append([ev(1)]);
    appendFileSync(p, '{"schema":"plumb.change/v1","eventId":"n1:w');
    const s = new ChangeSpool(p, { maxRecords: 10, maxBytes: 1 << 20 });
    expect(s.records).toBe(1);
    expect(s.corruptLines).toBe(1);
    expect(readFileSync(p, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
