import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineDeps } from '../engine/deps';
import { Ledger } from '../ledger/ledger';
import { endPause, expirePauses, startPause } from './commands';

const ledgers: Ledger[] = [];
afterEach(() => ledgers.splice(0).forEach((l) => l.close()));

/** Just what pausing touches: the ledger, the audit log, the clock. */
function deps(clock: { ms: number }) {
  const ledger = new Ledger(join(mkdtempSync(join(tmpdir(), 'plumb-pause-')), 'ledger.db'));
  ledgers.push(ledger);
  const records: { actor: string; kind: string; data: Record<string, unknown> }[] = [];
  const changed: string[] = [];
  ledger.onChange((kind, key) => changed.push(`${kind}:${key}`));
  const d = { ledger, audit: { record: async (r: (typeof records)[number]) => void records.push(r) }, now: () => clock.ms, actor: 'plumb-hooks/t' };
  return { d: d as unknown as EngineDeps, records, changed, ledger };
}

describe('pauses', () => {
  it('records who paused, why and until when, and announces it to the shared state', async () => {
    const { d, records, changed } = deps({ ms: 1_000 });
    const r = await startPause(d, { scope: 'region', region: 'eu-west-1', reason: 'incident', expiresInMinutes: 30 }, 'anna');
    expect(r).toMatchObject({ ok: true, pause: { scope: 'region', region: 'eu-west-1', by: 'anna', startedMs: 1_000, expiresAtMs: 1_801_000, active: true } });
    expect(records).toEqual([
      expect.objectContaining({ actor: 'anna', kind: 'pause', data: expect.objectContaining({ result: 'paused', reason: 'incident' }) }),
    ]);
    expect(changed).toEqual([`pause:${r.ok ? r.pause.id : ''}`]);
  });

  it('ends a pause once: resuming it again is a conflict, an unknown one is not found', async () => {
    const { d } = deps({ ms: 0 });
    const r = await startPause(d, { scope: 'global', reason: 'incident', expiresInMinutes: 5 }, 'anna');
    const id = r.ok ? r.pause.id : '';
    expect(await endPause(d, id, 'otto')).toMatchObject({ ok: true, pause: { active: false, endedBy: 'otto' } });
    expect(await endPause(d, id, 'otto')).toMatchObject({ ok: false, status: 409 });
    expect(await endPause(d, 'pause-nope', 'otto')).toMatchObject({ ok: false, status: 404 });
  });

  it('expires a pause at its expiry, audited once, and leaves a live one alone', async () => {
    const clock = { ms: 0 };
    const { d, records, ledger } = deps(clock);
    await startPause(d, { scope: 'global', reason: 'short one', expiresInMinutes: 1 }, 'anna');
    clock.ms = 10;
    await startPause(d, { scope: 'workload', workload: 'dbt', reason: 'long one', expiresInMinutes: 60 }, 'anna');
    clock.ms = 60_000;
    await expirePauses(d);
    await expirePauses(d);
    expect(records.filter((r) => r.data.result === 'expired')).toEqual([
      expect.objectContaining({ actor: 'plumb-hooks/t', data: expect.objectContaining({ reason: 'short one' }) }),
    ]);
    expect(ledger.pauses.all().map((p) => [p.reason, p.endedBy])).toEqual([
      ['short one', 'expired'],
      ['long one', undefined],
    ]);
  });
});
