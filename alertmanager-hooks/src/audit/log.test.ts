import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { write } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from './chain';
import { verifyCheckpoints } from '@plumb/history/audit/checkpoint';
import { checkpointPath } from './checkpoint-file';
import { AuditLog, type WriteOnce } from './log';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'plumb-auditlog-')), 'audit.jsonl');
const entry = (i: number) => ({ atMs: i, actor: 'plumb-hooks/t', kind: 'decision', data: { i } });
const lines = (path: string) => readFileSync(path, 'utf8').split('\n');

describe('AuditLog', () => {
  it('keeps call order and an intact chain when many records are written at once', async () => {
    const path = tmp();
    const log = new AuditLog(path);
    const recs = await Promise.all(Array.from({ length: 200 }, (_, i) => log.record(entry(i))));
    await log.close();
    expect(recs.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(verifyChain(lines(path))).toMatchObject({ ok: true, records: 200 });
  });

  it('cuts a torn last line off, keeps its bytes aside, records the recovery, and the chain verifies', async () => {
    const path = tmp();
    const a = new AuditLog(path);
    await a.record(entry(1));
    await a.close();
    appendFileSync(path, '{"seq":2,"atMs":');
    const b = new AuditLog(path);
    const recovered = await b.recovery;
    const next = await b.record(entry(3));
    await b.close();
    expect(recovered).toMatchObject({ seq: 2, kind: 'audit.recovered', data: { tornBytes: 16, continuesAfterSeq: 1 } });
    expect(readFileSync(recovered!.data.movedTo as string, 'utf8')).toBe('{"seq":2,"atMs":');
    expect(next.seq).toBe(3);
    expect(verifyChain(lines(path))).toMatchObject({ ok: true, records: 3 });
  });

  it('opens a whole file without a recovery record', async () => {
    const path = tmp();
    const a = new AuditLog(path);
    await a.record(entry(1));
    await a.close();
    const b = new AuditLog(path);
    expect(b.recovery).toBeUndefined();
    await b.close();
  });

  it('completes short writes instead of leaving half a record', async () => {
    const path = tmp();
    // The kernel takes at most 7 bytes per call.
    const stingy: WriteOnce = (fd, buf, off, len) => new Promise((res, rej) => write(fd, buf, off, Math.min(len, 7), (e, n) => (e ? rej(e) : res(n))));
    const log = new AuditLog(path, { write: stingy });
    await Promise.all([log.record(entry(1)), log.record(entry(2))]);
    await log.close();
    expect(verifyChain(lines(path))).toMatchObject({ ok: true, records: 2 });
  });

  it('fails the records when a write makes no progress, and the chain continues from the last durable record', async () => {
    const path = tmp();
    let stuck = true;
    const flaky: WriteOnce = (fd, buf, off, len) =>
      stuck ? Promise.resolve(0) : new Promise((res, rej) => write(fd, buf, off, len, (e, n) => (e ? rej(e) : res(n))));
    const log = new AuditLog(path, { write: flaky });
    await expect(log.record(entry(1))).rejects.toThrow('no progress');
    stuck = false;
    expect((await log.record(entry(2))).seq).toBe(1);
    await log.close();
  });

  it('checkpoints the chain head after each durable batch, signed when a key is given', async () => {
    const path = tmp();
    const log = new AuditLog(path, { checkpointKey: 'k' });
    await log.record(entry(1));
    await log.record(entry(2));
    await log.close();
    const hashes = new Map(log.readAll().map((r) => [r.seq, r.hash]));
    expect(existsSync(checkpointPath(path))).toBe(true);
    expect(verifyCheckpoints(lines(checkpointPath(path)), hashes, 'k')).toEqual({ ok: true, checked: 2, highestSeq: 2 });
    expect(verifyCheckpoints(lines(checkpointPath(path)), hashes, 'other-key')).toMatchObject({ ok: false });
    writeFileSync(checkpointPath(path), '');
  });
});
