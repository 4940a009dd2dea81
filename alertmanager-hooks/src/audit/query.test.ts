import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from './log';
import { queryAudit } from './query';

async function writeLog(n: number): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'plumb-query-')), 'audit.jsonl');
  const log = new AuditLog(path);
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      log.record({ atMs: i, actor: 't', kind: i % 2 ? 'decision' : 'signal', data: { node: `n${i % 10}`, pad: 'x'.repeat(500) } }),
    ),
  );
  await log.close();
  return path;
}

describe('queryAudit', () => {
  it('returns the newest matches first page by page, with a cursor that walks back to the start', async () => {
    const path = await writeLog(5000);
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await queryAudit(path, { node: 'n3', limit: 100, beforeSeq: before });
      seen.unshift(...page.records.map((r) => r.seq));
      if (page.next === undefined) break;
      before = page.next;
    }
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => i * 10 + 4));
  });

  it('stops at the scan budget and hands back a cursor instead of reading the whole file', async () => {
    const path = await writeLog(5000);
    const page = await queryAudit(path, { kind: 'no-such-kind', limit: 10 }, 1 << 20);
    expect(page.records).toEqual([]);
    expect(page.scannedBytes).toBeLessThanOrEqual(1 << 20);
    expect(page.next).toBeGreaterThan(1);
  });

  it('stops at sinceMs', async () => {
    const path = await writeLog(300);
    const page = await queryAudit(path, { sinceMs: 290, limit: 100 });
    expect(page.records.map((r) => r.atMs)).toEqual([290, 291, 292, 293, 294, 295, 296, 297, 298, 299]);
    expect(page.next).toBeUndefined();
  });
});
