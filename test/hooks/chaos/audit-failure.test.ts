/**
 * The audit file fails right after a playbook acted (disk full, I/O error): the
 * handler does not crash, the action stays resumable with its outcome kept, and
 * once the file writes again the outcome is recorded without acting a second time.
 */
import { write } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '@plumb/alertmanager-hooks/audit/chain';
import type { WriteOnce } from '@plumb/alertmanager-hooks/audit/log';
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';
import { readFileSync } from 'node:fs';
import { TOKEN_ENV, config, driftLabels, post, readAudit, webhookBody } from '../fixtures';

const broken = { on: false };
const failing: WriteOnce = (fd, buf, off, len) =>
  broken.on
    ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))
    : new Promise((res, rej) => write(fd, buf, off, len, (e, n) => (e ? rej(e) : res(n))));
let ci: Server;
let ciCalls = 0;
let handler: RunningHandler;
let auditPath: string;

beforeAll(async () => {
  const app = express();
  app.post('/rebuild', (_req, res) => {
    ciCalls++;
    broken.on = true; // the disk fills up just as CI accepts the rebuild
    res.status(202).json({ pipeline: 7 });
  });
  ci = await new Promise((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  const cfg = config({ replica: 'audit-fail', rebuild: { url: `http://127.0.0.1:${(ci.address() as AddressInfo).port}/rebuild` } });
  auditPath = cfg.auditPath;
  const started = await startHandler(cfg, { kube: null, env: { ...process.env, ...TOKEN_ENV }, autoRun: false, auditWrite: failing });
  if (!started.ok) throw new Error(started.errors.join('\n'));
  handler = started.handler;
});
afterAll(async () => {
  await handler?.stop();
  ci?.close();
});

const round = async () => {
  await handler.worker.round().catch(() => {});
  await handler.worker.idle();
};

describe('an audit failure after a side effect', () => {
  it('leaves the action running with its outcome kept, then records it once the audit writes again, acting once', async () => {
    await post(
      `${handler.url}/hooks/alertmanager`,
      webhookBody([{ labels: driftLabels({ node: 'af-1', workload: 'dbt-runner', dimension: 'dbt-core', playbook: 'rebuild' }) }]),
    );
    await round();
    await round();
    const [stuck] = handler.engine.ledger.listActions({ node: 'af-1' });
    expect(ciCalls).toBe(1);
    expect(stuck).toMatchObject({ state: 'running', progress: { outcome: { ok: true } } });

    broken.on = false;
    await round();
    await round();
    expect(handler.engine.ledger.listActions({ node: 'af-1' })[0]!.state).toBe('succeeded');
    expect(ciCalls).toBe(1);
    const kinds = readAudit(auditPath)
      .filter((r) => r.data.node === 'af-1' || r.data.actionId === stuck!.id)
      .map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['action.started', 'action.resumed', 'action.succeeded']));
    expect(verifyChain(readFileSync(auditPath, 'utf8').split('\n')).ok).toBe(true);
  });
});
