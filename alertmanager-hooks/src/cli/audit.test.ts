import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/log';
import { runAuditCli } from './audit';

async function writeLog(): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'plumb-audit-')), 'audit.jsonl');
  const log = new AuditLog(path);
  for (let i = 0; i < 3; i++) await log.record({ atMs: i, actor: 'plumb-hooks/t', kind: 'decision', data: { node: `n${i}`, result: 'would-have-done' } });
  await log.close();
  // A reopened log continues the same chain.
  const again = new AuditLog(path);
  await again.record({ atMs: 9, actor: 'jane', kind: 'approval', data: { result: 'approved' } });
  await again.close();
  return path;
}

describe('plumb audit verify', () => {
  it.each([
    ['exits 0 for an intact chain', (t: string) => t, 0, 'OK, 4 records'],
    ['exits 1 and names the line of an edited record', (t: string) => t.replace('"n1"', '"n7"'), 1, 'TAMPERED at line 2'],
    [
      'exits 1 when a record was deleted',
      (t: string) =>
        t
          .split('\n')
          .filter((_, i) => i !== 1)
          .join('\n'),
      1,
      'TAMPERED at line 2',
    ],
  ])('%s', async (_n, tamper, code, message) => {
    const path = await writeLog();
    writeFileSync(path, tamper(readFileSync(path, 'utf8')));
    const out: string[] = [];
    expect(
      await runAuditCli(
        ['verify', path],
        (s) => out.push(s),
        (s) => out.push(s),
      ),
    ).toBe(code);
    expect(out.join('')).toContain(message);
  });

  it.each([
    ['exits 2 with usage for no arguments', []],
    ['exits 2 for an unknown subcommand', ['check', 'x']],
    ['exits 2 for a missing file', ['verify', '/nonexistent/audit.jsonl']],
  ])('%s', async (_n, argv) => {
    const out: string[] = [];
    expect(
      await runAuditCli(
        argv,
        (s) => out.push(s),
        (s) => out.push(s),
      ),
    ).toBe(2);
    expect(out.join('')).toMatch(/usage|cannot read/);
  });
});
