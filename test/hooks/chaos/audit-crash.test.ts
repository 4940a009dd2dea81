/**
 * SIGKILL in the middle of a multi-record audit write: the process dies with
 * half a batch on disk. The next start cuts the torn tail off (keeping it aside),
 * records the recovery, continues the chain, and `plumb audit verify` exits 0 —
 * while a deleted tail is still caught by the checkpoints.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAuditCli } from '@plumb/alertmanager-hooks/audit-cli';
import { readAudit } from '../fixtures';

const WRITER = resolve(import.meta.dirname, 'audit-writer.mjs');
const run = (path: string, batches: number, crashIn?: number) =>
  spawnSync(process.execPath, [WRITER, path, String(batches), ...(crashIn === undefined ? [] : [String(crashIn)])], { encoding: 'utf8' });
const verify = async (path: string) => {
  const out: string[] = [];
  const code = await runAuditCli(
    ['verify', path, '--key-env', 'CHAOS_KEY'],
    (s) => out.push(s),
    (s) => out.push(s),
    { CHAOS_KEY: 'chaos-key' },
  );
  return { code, out: out.join('') };
};

describe('SIGKILL during a multi-record audit write', () => {
  it('recovers the torn tail on the next start, audits the recovery, and the log verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plumb-audit-crash-'));
    const path = join(dir, 'audit.jsonl');
    const crashed = run(path, 4, 2);
    expect(crashed.signal).toBe('SIGKILL');
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(false); // half a batch: a torn line

    expect(run(path, 2).status).toBe(0);
    const records = readAudit(path);
    const recovery = records.find((r) => r.kind === 'audit.recovered')!;
    expect(recovery.data.continuesAfterSeq).toBe(records[records.indexOf(recovery) - 1]!.seq);
    expect(readdirSync(dir).some((f) => f.startsWith('audit.jsonl.torn-'))).toBe(true);
    expect(await verify(path)).toMatchObject({ code: 0, out: expect.stringContaining('signatures valid') });

    // The anchor still works after the recovery: cutting the last batch off is caught.
    const lines = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    writeFileSync(path, `${lines.slice(0, -5).join('\n')}\n`);
    expect(await verify(path)).toMatchObject({ code: 1, out: expect.stringContaining('deleted from the end') });
  });
});
