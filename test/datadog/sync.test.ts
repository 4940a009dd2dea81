/**
 * Client truth: `plumb datadog sync|validate` through the real @datadog/datadog-api-client
 * MonitorsApi to a loopback server implementing Datadog's monitor endpoints. The body
 * the server receives must deep-equal the monitor compiled from the spec (the client
 * silently drops misplaced fields), a second sync writes nothing, error bodies follow
 * Datadog's `APIErrorResponse`, and the keys never reach the output.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runPlumb } from '@plumb/cli';
import type { Io } from '@plumb/io';
import { compileDatadogMonitors } from '@plumb/core/compile/datadog/monitors';
import { tagValue, TAG } from '@plumb/core/compile/datadog/monitor-types';
import { loadSpecFile } from '@plumb/io';
import { startFakeDatadog, type FakeDatadog } from '../support/datadog-api-server';
import { strictSchema } from '../support/datadog-openapi';

const KEYS = { apiKey: 'PLANTED-DD-API-KEY-9f8e7d6c5b4a', appKey: 'PLANTED-DD-APP-KEY-0a1b2c3d4e5f' };
const SPEC = 'test/datadog/spec.yaml';

let dd: FakeDatadog;
beforeAll(async () => {
  dd = await startFakeDatadog(KEYS);
}, 600_000);
afterAll(async () => {
  await dd?.close();
});
beforeEach(() => {
  dd.monitors.clear();
  dd.requests.length = 0;
  dd.errorBodies.length = 0;
});

async function plumb(argv: string[], env: Record<string, string> = { DD_API_KEY: KEYS.apiKey, DD_APP_KEY: KEYS.appKey, DD_API_URL: dd.url }) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), readStdin: async () => '', env, now: Date.now };
  const code = await runPlumb(argv, io);
  expect(out + err).not.toMatch(/PLANTED/);
  return { code, out, err };
}

function intended(spec = SPEC) {
  const loaded = loadSpecFile(spec);
  if (!loaded.ok) throw new Error('spec does not load');
  return compileDatadogMonitors(loaded.model, { webhook: 'plumb-hooks' }).monitors;
}

describe('plumb datadog sync through the real Datadog client', () => {
  it('A dry run prints the plan and writes nothing.', async () => {
    const r = await plumb(['datadog', 'sync', SPEC, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${intended().length} to create`);
    expect(dd.writes()).toEqual([]);
  });

  it('Sync creates every monitor, and each body received deep-equals the intended one.', async () => {
    const r = await plumb(['datadog', 'sync', SPEC]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const creates = dd.requests.filter((q) => q.method === 'POST' && q.path === '/api/v1/monitor');
    expect(creates.map((q) => q.body)).toEqual(intended());
    const validations = dd.requests.filter((q) => q.path.endsWith('/validate'));
    expect(validations.map((q) => q.body)).toEqual(intended());
  });

  it('A second sync writes nothing.', async () => {
    expect((await plumb(['datadog', 'sync', SPEC])).code).toBe(0);
    dd.requests.length = 0;
    const again = await plumb(['datadog', 'sync', SPEC]);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`0 to create, 0 to update, 0 to delete, ${intended().length} unchanged`);
    expect(dd.writes()).toEqual([]);
  });

  it('A changed spec updates what changed, deletes what left, and leaves unmanaged monitors alone.', async () => {
    expect((await plumb(['datadog', 'sync', SPEC])).code).toBe(0);
    dd.monitors.set(1, { id: 1, name: 'someone else', type: 'query alert', query: 'avg(last_5m):avg:system.load.1{*} > 4', tags: ['team:data'] });
    const dir = mkdtempSync(join(tmpdir(), 'plumb-dd-spec-'));
    const changed = join(dir, 'spec.yaml');
    copyFileSync(SPEC, changed);
    // New widespread threshold (the spec hash tag changes everywhere) and no symptom monitor.
    writeFileSync(
      changed,
      readFileSync(changed, 'utf8')
        .replace('minNodes: 3', 'minNodes: 4')
        .replace(/symptoms:[\s\S]*$/, ''),
    );
    dd.requests.length = 0;
    const r = await plumb(['datadog', 'sync', changed]);
    expect(r.code).toBe(0);
    const want = intended(changed);
    const puts = dd.requests.filter((q) => q.method === 'PUT');
    expect(puts.map((q) => q.body)).toEqual(want);
    const deletes = dd.requests.filter((q) => q.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(dd.monitors.has(1)).toBe(true);
    expect([...dd.monitors.values()].filter((m) => tagValue(m.tags, TAG.alert) === 'symptom-slo')).toEqual([]);
  });

  it("A monitor Datadog refuses is reported with Datadog's message and nothing is written.", async () => {
    dd.refuse = (body) =>
      String(body.query).includes('kafka.consumer_lag') ? "The value provided for parameter 'query' is invalid: unknown metric kafka.consumer_lag" : undefined;
    try {
      const r = await plumb(['datadog', 'sync', SPEC]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/validate "\[plumb datadog-fixtures\] consumer_lag SLO breached.*HTTP 400: The value provided for parameter 'query' is invalid/);
      expect(dd.writes()).toEqual([]);
    } finally {
      dd.refuse = () => undefined;
    }
  });

  it("Wrong keys get Datadog's 403, keys stay masked, and every error body has the APIErrorResponse shape.", async () => {
    const r = await plumb(['datadog', 'sync', SPEC], { DD_API_KEY: KEYS.apiKey, DD_APP_KEY: 'PLANTED-WRONG-APP-KEY', DD_API_URL: dd.url });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/list monitors: HTTP 403: Forbidden/);
    await plumb(['datadog', 'sync', SPEC, '--dry-run']);
    dd.requests.length = 0;
    await fetch(`${dd.url}/api/v1/monitor/424242`, { method: 'DELETE', headers: { 'dd-api-key': KEYS.apiKey, 'dd-application-key': KEYS.appKey } });
    const errorSchema = strictSchema('APIErrorResponse');
    expect(dd.errorBodies.length).toBeGreaterThanOrEqual(2);
    for (const b of dd.errorBodies) expect(errorSchema.validate(b)).toEqual([]);
  });

  it('Without keys, sync refuses and validate --live says it skipped.', async () => {
    const sync = await plumb(['datadog', 'sync', SPEC], {});
    expect(sync.code).toBe(2);
    expect(sync.err).toContain('DD_API_KEY and DD_APP_KEY not set');
    const live = await plumb(['datadog', 'validate', SPEC, '--live'], {});
    expect(live.code).toBe(0);
    expect(live.out).toContain('live validation skipped: DD_API_KEY and DD_APP_KEY not set');
  });

  it("validate --live with keys calls Datadog's validate endpoint for every monitor.", async () => {
    const r = await plumb(['datadog', 'validate', SPEC, '--live']);
    expect(r.code, r.err).toBe(0);
    expect(dd.requests.filter((q) => q.path === '/api/v1/monitor/validate').map((q) => q.body)).toEqual(intended());
    expect(dd.writes()).toEqual([]);
  });
});
