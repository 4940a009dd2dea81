import { mkdtempSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRecord, EventSink } from '@plumb/core/state/events';
import { verifyChain } from './chain';
import { AuditLog } from './log';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'plumb-auditlog-')), 'audit.jsonl');
const entry = (i: number) => ({ atMs: i, actor: 'plumb-hooks/t', kind: 'decision', data: { i } });

describe('AuditLog', () => {
  it('keeps call order and an intact chain when many records are written at once', async () => {
    const path = tmp();
    const log = new AuditLog(path);
    const recs = await Promise.all(Array.from({ length: 200 }, (_, i) => log.record(entry(i))));
    await log.close();
    expect(recs.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(verifyChain(lines)).toMatchObject({ ok: true, records: 200 });
  });

  it('resolves only after the secondary sink has the record', async () => {
    const seen: AuditRecord[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sink: EventSink<AuditRecord> = {
      write: async (rs) => {
        await gate;
        seen.push(...rs);
      },
      close: async () => {},
    };
    const log = new AuditLog(tmp(), sink);
    let done = false;
    const p = log.record(entry(1)).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    release();
    await p;
    expect(seen.map((r) => r.seq)).toEqual([1]);
    await log.close();
  });

  it('fails the record when the secondary sink fails, and the chain stays verifiable', async () => {
    const path = tmp();
    let fail = true;
    const sink: EventSink<AuditRecord> = {
      write: async () => {
        if (fail) throw new Error('kafka down');
      },
      close: async () => {},
    };
    const log = new AuditLog(path, sink);
    await expect(log.record(entry(1))).rejects.toThrow('kafka down');
    fail = false;
    await log.record(entry(2));
    await log.close();
    expect(verifyChain(readFileSync(path, 'utf8').split('\n')).ok).toBe(true);
  });

  it('continues the chain after a torn last line left by a crash', async () => {
    const path = tmp();
    const a = new AuditLog(path);
    await a.record(entry(1));
    await a.close();
    appendFileSync(path, '{"seq":2,"atMs":');
    const b = new AuditLog(path);
    const rec = await b.record(entry(3));
    await b.close();
    expect(rec.seq).toBe(2);
  });
});
