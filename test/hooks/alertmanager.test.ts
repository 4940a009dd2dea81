/**
 * A real Alertmanager delivers to plumb-hooks: grouping, truncated groups,
 * repeated (duplicate) deliveries and resolved notifications; plus the
 * webhook's answers to bad input.
 */
import { describe, expect, it } from 'vitest';
import { TOKENS, driftLabels, post, readAudit, until, useHandlerBehindAlertmanager, webhookBody } from './fixtures';

const stack = useHandlerBehindAlertmanager({ modes: { default: 'dry-run' } }, { repeatInterval: '3s', maxAlerts: 2 });

const dims = ['spark.sql.session.timeZone', 'spark.sql.shuffle.partitions', 'spark.streaming.backpressure.enabled'];
const alertsFor = (node: string, endsAt?: string) =>
  dims.map((dimension) => ({
    labels: driftLabels({ node, dimension, playbook: 'rebuild', approval: 'none' }),
    annotations: { summary: `${dimension} drifted on ${node}` },
    ...(endsAt ? { endsAt } : {}),
  }));
const ledgerRows = (node: string) =>
  stack.handler.engine.ledger.db.prepare(`SELECT status, deliveries FROM alerts WHERE json_extract(labels, '$.node') = ?`).all(node) as {
    status: string;
    deliveries: number;
  }[];
const metric = async (name: string) => {
  const text = await (await fetch(`${stack.handler.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(name))
    .reduce((s, l) => s + Number(l.split(' ').pop()), 0);
};

describe('deliveries from a real Alertmanager', () => {
  it('receives a group of three alerts, reading the truncated one from the Alertmanager API', async () => {
    await stack.am.push(alertsFor('am-node-1'));
    const rows = await until('three alerts in the ledger', () => (ledgerRows('am-node-1').length === 3 ? ledgerRows('am-node-1') : undefined));
    expect(rows.every((r) => r.status === 'firing')).toBe(true);
    // One group → one decision per alert; dry-run records what it would have done.
    await until(
      'three decisions',
      () => readAudit(stack.auditPath).filter((r) => r.data.result === 'would-have-done' && String(r.data.node) === 'am-node-1').length === 3 || undefined,
    );
  });

  it('deduplicates repeated deliveries of the same alerts', async () => {
    await until('a repeat delivery', () => ledgerRows('am-node-1').some((r) => r.deliveries >= 2) || undefined, 20_000);
    expect(ledgerRows('am-node-1')).toHaveLength(3);
    expect(stack.handler.engine.ledger.listActions({ node: 'am-node-1' })).toHaveLength(3);
    expect(await metric('plumb_hooks_webhook_alerts_total{outcome="duplicate"}')).toBeGreaterThan(0);
  });

  it('records resolved notifications and decides nothing new', async () => {
    // Two alerts: within max_alerts, since Alertmanager's API does not list resolved alerts to fill a truncated group.
    await stack.am.push(alertsFor('am-node-4').slice(0, 2));
    await until('two firing alerts', () => ledgerRows('am-node-4').length === 2 || undefined);
    await stack.am.push(alertsFor('am-node-4', new Date().toISOString()).slice(0, 2));
    await until('resolved alerts', () => ledgerRows('am-node-4').every((r) => r.status === 'resolved') || undefined, 20_000);
    expect(ledgerRows('am-node-4')).toHaveLength(2);
    expect(stack.handler.engine.ledger.listActions({ node: 'am-node-4' })).toHaveLength(2);
  });

  it('keeps groups of different nodes apart', async () => {
    await stack.am.push([...alertsFor('am-node-2').slice(0, 1), ...alertsFor('am-node-3').slice(0, 1)]);
    await until('both nodes', () => (ledgerRows('am-node-2').length === 1 && ledgerRows('am-node-3').length === 1) || undefined);
  });
});

describe('webhook input handling', () => {
  const url = () => `${stack.handler.url}/hooks/alertmanager`;
  it.each([
    ['refuses a request without credentials with 401', async () => fetch(url(), { method: 'POST', body: '{}' }), 401, 'credentials'],
    [
      'refuses a wrong bearer token with 401',
      async () => fetch(url(), { method: 'POST', headers: { authorization: 'Bearer nope' }, body: '{}' }),
      401,
      'credentials',
    ],
    [
      'answers 400 to a body that is not JSON',
      async () =>
        fetch(url(), { method: 'POST', headers: { authorization: `Bearer ${TOKENS.webhook}`, 'content-type': 'application/json' }, body: '{not json' }),
      400,
      'not valid JSON',
    ],
    [
      'answers 422 naming the field for a payload without version 4',
      async () =>
        fetch(url(), {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKENS.webhook}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ...webhookBody([{ labels: driftLabels({ node: 'x' }) }]), version: '3' }),
        }),
      422,
      'version',
    ],
    [
      'answers 422 naming the alert field that is missing',
      async () => {
        const body = webhookBody([{ labels: driftLabels({ node: 'x' }) }]);
        delete (body.alerts[0] as Partial<(typeof body.alerts)[0]>).fingerprint;
        return fetch(url(), {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKENS.webhook}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      },
      422,
      'alerts.0.fingerprint',
    ],
    [
      'answers 413 to a body over the limit',
      async () =>
        fetch(url(), {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKENS.webhook}`, 'content-type': 'application/json' },
          body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
        }),
      413,
      'limit',
    ],
  ])('%s', async (_name, send, status, message) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(JSON.stringify(await res.json())).toContain(message);
  });

  it('never echoes a credential in an answer or the audit log', async () => {
    const res = await post(`${stack.handler.url}/hooks/alertmanager`, { version: '4' }, 'guess-token-abc');
    expect(JSON.stringify(res.body)).not.toContain('guess-token-abc');
    const audit = JSON.stringify(readAudit(stack.auditPath));
    for (const t of Object.values(TOKENS)) expect(audit).not.toContain(t);
  });
});
