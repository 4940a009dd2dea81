import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/log';
import { linkRecord } from '../audit/chain';
import type { AuditRecord } from '@plumb/core/state/events';
import { runAuditCli } from './audit';

const KEY = 'checkpoint-key-0123456789';
const ENV = { PLUMB_AUDIT_KEY: KEY };

/** Rewrites every record from line `from` on and re-links the chain, as someone covering tracks would. */
function relink(text: string, edit: (r: AuditRecord) => AuditRecord): string {
  let prev: AuditRecord | undefined;
  return (
    text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const r = edit(JSON.parse(l) as AuditRecord);
        prev = linkRecord({ atMs: r.atMs, actor: r.actor, kind: r.kind, data: r.data }, prev);
        return JSON.stringify(prev);
      })
      .join('\n') + '\n'
  );
}

async function writeLog(): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'plumb-audit-')), 'audit.jsonl');
  const log = new AuditLog(path, { checkpointKey: KEY });
  for (let i = 0; i < 3; i++) await log.record({ atMs: i, actor: 'plumb-hooks/t', kind: 'decision', data: { node: `n${i}`, result: 'would-have-done' } });
  await log.close();
  // A reopened log continues the same chain.
  const again = new AuditLog(path, { checkpointKey: KEY });
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
    [
      'exits 1 when the last records were deleted, which the chain alone cannot show',
      (t: string) => `${t.split('\n').slice(0, 2).join('\n')}\n`,
      1,
      'records were deleted from the end',
    ],
    [
      'exits 1 when the file was rewritten and re-linked, which the chain alone cannot show',
      (t: string) => relink(t, (r) => (r.data.node === 'n1' ? { ...r, data: { ...r.data, node: 'n7' } } : r)),
      1,
      'the file was rewritten',
    ],
  ])('%s', async (_n, tamper, code, message) => {
    const path = await writeLog();
    writeFileSync(path, tamper(readFileSync(path, 'utf8')));
    const out: string[] = [];
    expect(
      await runAuditCli(
        ['verify', path, '--key-env', 'PLUMB_AUDIT_KEY'],
        (s) => out.push(s),
        (s) => out.push(s),
        ENV,
      ),
    ).toBe(code);
    expect(out.join('')).toContain(message);
  });

  it.each([
    ['exits 2 with usage for no arguments', []],
    ['exits 2 for an unknown subcommand', ['check', 'x']],
    ['exits 2 for a missing file', ['verify', '/nonexistent/audit.jsonl']],
    ['exits 2 when the key variable is not set', ['verify', '/nonexistent/audit.jsonl', '--key-env', 'PLUMB_NO_SUCH_VARIABLE']],
    ['exits 2 for Kafka brokers without the chain to check', ['verify', '/nonexistent/audit.jsonl', '--kafka-brokers', '127.0.0.1:9']],
    ['exits 2 for a chain id without Kafka brokers', ['verify', '/nonexistent/audit.jsonl', '--chain-id', 'plumb-hooks/a']],
  ])('%s', async (_n, argv) => {
    const out: string[] = [];
    expect(
      await runAuditCli(
        argv,
        (s) => out.push(s),
        (s) => out.push(s),
      ),
    ).toBe(2);
    expect(out.join('')).toMatch(/usage|cannot read|not set/);
  });

  it('exits 1 when the checkpoints are gone, and 0 with --no-checkpoints, which says what it did not check', async () => {
    const path = await writeLog();
    const out: string[] = [];
    expect(
      await runAuditCli(
        ['verify', path, '--checkpoints', `${path}.missing`],
        (s) => out.push(s),
        (s) => out.push(s),
      ),
    ).toBe(1);
    expect(out.join('')).toContain('UNANCHORED');
    expect(
      await runAuditCli(
        ['verify', path, '--no-checkpoints'],
        (s) => out.push(s),
        (s) => out.push(s),
      ),
    ).toBe(0);
    expect(out.join('')).toContain('checkpoints not checked');
  });

  it('exits 1, never 0, when the checkpoints in Kafka cannot be read', async () => {
    const path = await writeLog();
    const out: string[] = [];
    const argv = ['verify', path, '--kafka-brokers', '127.0.0.1:9', '--chain-id', 'plumb-hooks/t'];
    expect(
      await runAuditCli(
        argv,
        (s) => out.push(s),
        (s) => out.push(s),
        {},
      ),
    ).toBe(1);
    expect(out.join('')).toContain('UNVERIFIED: cannot read the checkpoints');
  }, 60_000);

  it('exits 1 when checkpoints were forged without the key', async () => {
    const path = await writeLog();
    const forged = readFileSync(`${path}.checkpoints`, 'utf8').replace(/"mac":"[0-9a-f]+"/, `"mac":"${'0'.repeat(64)}"`);
    writeFileSync(`${path}.checkpoints`, forged);
    const out: string[] = [];
    expect(
      await runAuditCli(
        ['verify', path, '--key-env', 'PLUMB_AUDIT_KEY'],
        (s) => out.push(s),
        (s) => out.push(s),
        ENV,
      ),
    ).toBe(1);
    expect(out.join('')).toContain('no valid signature');
  });

  it('exits 0 on an intact log after a torn write was recovered', async () => {
    const path = await writeLog();
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"seq":5,"atMs":`);
    const log = new AuditLog(path, { checkpointKey: KEY });
    await log.recovery;
    await log.record({ atMs: 10, actor: 'plumb-hooks/t', kind: 'decision', data: { result: 'allowed' } });
    await log.close();
    const out: string[] = [];
    expect(
      await runAuditCli(
        ['verify', path, '--key-env', 'PLUMB_AUDIT_KEY'],
        (s) => out.push(s),
        (s) => out.push(s),
        ENV,
      ),
    ).toBe(0);
    expect(out.join('')).toContain('OK, 6 records');
  });
});
