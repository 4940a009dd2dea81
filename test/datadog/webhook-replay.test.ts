/**
 * Remediation truth: Datadog monitor notifications replayed into plumb-hooks (first
 * trigger, re-notifications, Datadog's retries, recovery, a new episode, forged and
 * unsigned calls) give exactly one decision per episode, and the same guardrail
 * outcomes as the same alerts sent by Alertmanager to a twin handler.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileDatadogMonitors } from '@plumb/core/compile/datadog/monitors';
import { TAG, tagValue } from '@plumb/core/compile/datadog/monitor-types';
import { loadSpecFile } from '@plumb/io';
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';
import type { AuditRecord } from '@plumb/core/state/events';
import { config, driftLabels, post, readAudit, TOKEN_ENV, webhookBody } from '../hooks/fixtures';

const SPEC = resolve(import.meta.dirname, 'spec.yaml');
const DD_SECRET = 'PLANTED-DATADOG-WEBHOOK-SECRET-77aa';
const TEMPLATE = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../deploy/datadog/webhook-payload.json'), 'utf8')) as Record<string, string>;

let am: RunningHandler;
let dd: RunningHandler;
let amAudit: string;
let ddAudit: string;
const logs: string[] = [];
const monitors = (() => {
  const loaded = loadSpecFile(SPEC);
  if (!loaded.ok) throw new Error('spec');
  return compileDatadogMonitors(loaded.model, { webhook: 'plumb-hooks' }).monitors;
})();
const monitorTags = (alert: string) => monitors.find((m) => tagValue(m.tags, TAG.alert) === alert)!.tags;

async function start(): Promise<{ handler: RunningHandler; audit: string }> {
  const cfg = config({
    specPath: SPEC,
    auth: { webhook: { bearer: { env: 'HOOKS_WEBHOOK_TOKEN' } }, datadog: { bearer: { env: 'HOOKS_DATADOG_SECRET' } }, apiTokens: [] },
    modes: { default: 'dry-run' },
    verify: { delay: '1h' },
    // Datadog notifications carry the monitor's group tags only, no discovery identity (sd_node):
    // the Datadog path acts only where the operator accepts that (docs/remediation.md).
    identity: { allowWithoutDiscovery: true },
  });
  const started = await startHandler(cfg, {
    kube: null,
    env: { ...process.env, ...TOKEN_ENV, HOOKS_DATADOG_SECRET: DD_SECRET },
    autoRun: false,
    log: (m) => void logs.push(m),
  });
  if (!started.ok) throw new Error(started.errors.join('\n'));
  return { handler: started.handler, audit: cfg.auditPath };
}

beforeAll(async () => {
  ({ handler: am, audit: amAudit } = await start());
  ({ handler: dd, audit: ddAudit } = await start());
});
afterAll(async () => {
  await am?.stop();
  await dd?.stop();
});

/** Fills the documented template the way Datadog substitutes its variables. */
function notification(v: { monitor: number; episode: string; transition: string; scope: string; alert: string; event?: string }): Record<string, string> {
  const values: Record<string, string> = {
    $ALERT_ID: String(v.monitor),
    $ALERT_CYCLE_KEY: v.episode,
    $ALERT_TRANSITION: v.transition,
    $ALERT_SCOPE: v.scope,
    // Datadog lower-cases tag values.
    $TAGS: [...monitorTags(v.alert), ...v.scope.split(',')].join(',').toLowerCase(),
    $ID: v.event ?? `${v.episode}-${v.transition}`,
    $EVENT_TITLE: `[${v.transition}] plumb`,
    $LINK: 'https://app.datadoghq.com/event/event?id=1',
    $DATE: '1764460800000',
  };
  return Object.fromEntries(Object.entries(TEMPLATE).map(([k, t]) => [k, t.replace(/\$[A-Z_]+/g, (name) => values[name] ?? name)]));
}

const driftScope = (node: string) => `node:${node},region:eu-west-1,pool:spark-streaming,platform:k8s,workload:host,dimension:tz`.toLowerCase();
const ddHook = (body: unknown, secret: string | null = DD_SECRET) =>
  fetch(`${dd.url}/hooks/datadog`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === null ? {} : { authorization: `Bearer ${secret}` }) },
    body: JSON.stringify(body),
  });
const amHook = (body: unknown) => post(`${am.url}/hooks/alertmanager`, body);
const rounds = async (h: RunningHandler, n = 2) => {
  for (let i = 0; i < n; i++) {
    await h.worker.round();
    await h.worker.idle();
  }
};

/** What a decision says, without ids, times or where the alert came from. */
function outcomes(records: AuditRecord[]): string[] {
  return records
    .filter((r) => r.kind === 'decision' || r.kind === 'signal')
    .map((r) => {
      const d = r.data as Record<string, unknown>;
      return JSON.stringify({
        kind: r.kind,
        result: d.result,
        class: d.class,
        status: d.status,
        node: d.node,
        playbook: d.playbook,
        mode: d.mode,
        guardrail: d.guardrail,
        refusedBy: d.refusedBy,
      });
    });
}

describe('Datadog notifications drive the same guarded remediation', () => {
  it('Forged and unsigned calls are refused and record nothing.', async () => {
    const body = notification({ monitor: 11, episode: 'e-forged', transition: 'Triggered', scope: driftScope('dd-node-1'), alert: 'config-drift' });
    expect((await ddHook(body, null)).status).toBe(401);
    expect((await ddHook(body, 'not-the-secret')).status).toBe(401);
    // The Alertmanager secret does not open the Datadog route.
    expect((await ddHook(body, TOKEN_ENV.HOOKS_WEBHOOK_TOKEN)).status).toBe(401);
    expect(dd.engine.ledger.countAlerts().alerts).toBe(0);
  });

  it('One episode (trigger, re-notifications, retries) gives one decision on each path, and the outcomes agree.', async () => {
    const trig = notification({ monitor: 11, episode: 'e1', transition: 'Triggered', scope: driftScope('dd-node-1'), alert: 'config-drift' });
    for (const body of [
      trig,
      trig,
      notification({ monitor: 11, episode: 'e1', transition: 'Re-Triggered', scope: driftScope('dd-node-1'), alert: 'config-drift' }),
      notification({ monitor: 11, episode: 'e1', transition: 'Re-Triggered', scope: driftScope('dd-node-1'), alert: 'config-drift', event: 'later' }),
    ]) {
      expect((await ddHook(body)).status).toBe(200);
    }
    const amAlert = {
      labels: {
        ...driftLabels({
          node: 'dd-node-1',
          pool: 'spark-streaming',
          workload: 'host',
          dimension: 'TZ',
          severity: 'correctness-risk',
          playbook: 'quarantine',
          approval: 'none',
        }),
      },
      fingerprint: 'fp-e1',
      startsAt: '2026-03-01T10:00:00Z',
    };
    for (let i = 0; i < 3; i++) expect((await amHook(webhookBody([amAlert]))).status).toBe(200);
    await rounds(dd);
    await rounds(am);
    const ddOut = outcomes(readAudit(ddAudit));
    expect(ddOut.length).toBeGreaterThan(0);
    expect(dd.engine.ledger.listActions({ node: 'dd-node-1' })).toHaveLength(1);
    expect(am.engine.ledger.listActions({ node: 'dd-node-1' })).toHaveLength(1);
    expect(ddOut).toEqual(outcomes(readAudit(amAudit)));
    const action = dd.engine.ledger.listActions({ node: 'dd-node-1' })[0]!;
    expect(action).toMatchObject({ workload: 'host', dimension: 'TZ', rule: 'host/TZ', playbook: 'quarantine' });
  });

  it('Widespread drift opens the breaker on both paths: the next drift is refused alike.', async () => {
    const wide = notification({
      monitor: 13,
      episode: 'w1',
      transition: 'Triggered',
      scope: 'region:eu-west-1,pool:spark-streaming,workload:host,dimension:tz,severity:correctness-risk',
      alert: 'widespread-drift',
    });
    expect((await ddHook(wide)).status).toBe(200);
    expect(
      (
        await amHook(
          webhookBody([
            {
              labels: {
                alertname: 'PlumbWidespreadDrift',
                plumb_class: 'circuit-breaker',
                region: 'eu-west-1',
                pool: 'spark-streaming',
                workload: 'host',
                dimension: 'TZ',
                severity: 'correctness-risk',
              },
              fingerprint: 'fp-w1',
              startsAt: '2026-03-01T10:01:00Z',
            },
          ]),
        )
      ).status,
    ).toBe(200);
    expect(
      (await ddHook(notification({ monitor: 11, episode: 'e2', transition: 'Triggered', scope: driftScope('dd-node-2'), alert: 'config-drift' }))).status,
    ).toBe(200);
    expect(
      (
        await amHook(
          webhookBody([
            {
              labels: driftLabels({
                node: 'dd-node-2',
                pool: 'spark-streaming',
                workload: 'host',
                dimension: 'TZ',
                severity: 'correctness-risk',
                playbook: 'quarantine',
                approval: 'none',
              }),
              fingerprint: 'fp-e2',
              startsAt: '2026-03-01T10:02:00Z',
            },
          ]),
        )
      ).status,
    ).toBe(200);
    await rounds(dd);
    await rounds(am);
    expect(outcomes(readAudit(ddAudit))).toEqual(outcomes(readAudit(amAudit)));
    expect(outcomes(readAudit(ddAudit)).some((o) => o.includes('circuit-breaker'))).toBe(true);
  });

  it('Recovery resolves the episode; a new episode of the same group is a new alert; noise decides nothing.', async () => {
    const before = dd.engine.ledger.countAlerts().alerts;
    expect(
      (await ddHook(notification({ monitor: 11, episode: 'e1', transition: 'Recovered', scope: driftScope('dd-node-1'), alert: 'config-drift' }))).status,
    ).toBe(200);
    expect(dd.engine.ledger.countAlerts().alerts).toBe(before);
    expect(
      (
        (await (
          await ddHook(notification({ monitor: 11, episode: 'e1', transition: 'No Data', scope: driftScope('dd-node-1'), alert: 'config-drift' }))
        ).json()) as { accepted: number }
      ).accepted,
    ).toBe(0);
    expect(
      (await ddHook(notification({ monitor: 11, episode: 'e3', transition: 'Triggered', scope: driftScope('dd-node-1'), alert: 'config-drift' }))).status,
    ).toBe(200);
    expect(dd.engine.ledger.countAlerts().alerts).toBe(before + 1);
    expect(
      (
        await ddHook({
          ...notification({ monitor: 11, episode: 'e4', transition: 'Triggered', scope: driftScope('dd-node-1'), alert: 'config-drift' }),
          tags: 'team:data',
        })
      ).status,
    ).toBe(422);
    expect((await ddHook({ version: 'plumb-datadog/1' })).status).toBe(422);
  });

  it('Neither secret appears in the logs or the audit.', () => {
    const all = [...logs, readFileSync(ddAudit, 'utf8'), readFileSync(amAudit, 'utf8')].join('\n');
    expect(all).not.toContain(DD_SECRET);
    expect(all).not.toContain(TOKEN_ENV.HOOKS_WEBHOOK_TOKEN);
  });
});
