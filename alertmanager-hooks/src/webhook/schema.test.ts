import { describe, expect, it } from 'vitest';
import { parseWebhook } from './schema';

const alert = {
  status: 'firing',
  labels: { alertname: 'PlumbConfigDrift' },
  annotations: {},
  startsAt: '2026-03-01T10:00:00.123456789Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: '',
  fingerprint: 'abc',
};
const body = {
  version: '4',
  groupKey: 'k',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'plumb',
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  externalURL: '',
  alerts: [alert],
};

describe('parseWebhook', () => {
  it('accepts a webhook v4 body and normalises startsAt to milliseconds', () => {
    const r = parseWebhook(body);
    expect(r.ok && r.payload.alerts[0]!.startsAt).toBe('2026-03-01T10:00:00.123Z');
  });

  it.each([
    ['rejects another payload version', { ...body, version: '3' }, 'version'],
    ['rejects a missing alerts list', { ...body, alerts: undefined }, 'alerts'],
    ['names the alert whose fingerprint is missing', { ...body, alerts: [alert, { ...alert, fingerprint: undefined }] }, 'alerts.1.fingerprint'],
    ['rejects an unknown alert status', { ...body, alerts: [{ ...alert, status: 'pending' }] }, 'alerts.0.status'],
    ['rejects a timestamp that is not one', { ...body, alerts: [{ ...alert, startsAt: 'yesterday' }] }, 'alerts.0.startsAt'],
    ['rejects a label value that is not a string', { ...body, alerts: [{ ...alert, labels: { node: 1 } }] }, 'alerts.0.labels.node'],
    ['rejects a body that is not an object', 'hello', '(body)'],
  ])('%s', (_n, input, field) => {
    const r = parseWebhook(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(field);
  });
});
