import { describe, expect, it } from 'vitest';
import { DATADOG_STARTS_AT, mapDatadogNotification, ruleIndex } from './datadog-map';
import type { DatadogPayload } from './datadog-schema';

const rules = ruleIndex(['host/TZ', 'spark-streaming/spark.sql.session.timeZone', 'a/X', 'a/x']);
const payload = (over: Partial<DatadogPayload> = {}): DatadogPayload => ({
  version: 'plumb-datadog/1',
  monitor_id: '11',
  episode: 'e1',
  transition: 'Triggered',
  scope: 'node:n1,region:eu-west-1,workload:host,dimension:tz',
  tags: 'managed-by:plumb,plumb-alert:config-drift,severity:correctness-risk',
  event_id: '1',
  title: 't',
  link: '',
  date: '',
  ...over,
});

describe('mapDatadogNotification', () => {
  it.each<[string, Partial<DatadogPayload>, Record<string, unknown>]>([
    [
      'A trigger becomes a firing PlumbConfigDrift with names restored from the spec',
      {},
      {
        status: 'firing',
        labels: { alertname: 'PlumbConfigDrift', workload: 'host', dimension: 'TZ', rule: 'host/TZ', node: 'n1', severity: 'correctness-risk' },
      },
    ],
    [
      'A re-notification is the same alert (same fingerprint, same startsAt)',
      { transition: 'Re-Triggered', event_id: '2' },
      { status: 'firing', fingerprint: 'datadog:11:' },
    ],
    ['A recovery resolves it', { transition: 'Recovered' }, { status: 'resolved' }],
    [
      'The widespread monitor maps to the circuit-breaker class',
      { tags: 'plumb-alert:widespread-drift' },
      { labels: { alertname: 'PlumbWidespreadDrift', plumb_class: 'circuit-breaker' } },
    ],
    [
      'No data on the unknown-node monitor is firing',
      { tags: 'plumb-alert:node-unknown', transition: 'No Data' },
      { status: 'firing', labels: { alertname: 'PlumbNodeUnknown', plumb_class: 'unknown' } },
    ],
    [
      'A tag cannot set the playbook or the approval',
      { tags: 'plumb-alert:config-drift,playbook:none,approval:none' },
      { labels: { playbook: undefined, approval: undefined } },
    ],
    [
      'A dimension the spec knows twice (by case) stays as given, so no rule applies',
      { scope: 'node:n1,workload:a,dimension:x' },
      { labels: { rule: undefined, dimension: 'x' } },
    ],
  ])('%s.', (_name, over, expected) => {
    const m = mapDatadogNotification(payload(over), rules);
    if (!m.ok || !('alert' in m)) throw new Error(JSON.stringify(m));
    const { labels, ...rest } = expected as { labels?: Record<string, unknown> };
    for (const [k, v] of Object.entries(labels ?? {})) expect(m.alert.labels[k], k).toBe(v);
    for (const [k, v] of Object.entries(rest))
      typeof v === 'string' && k === 'fingerprint'
        ? expect(m.alert.fingerprint.startsWith(v)).toBe(true)
        : expect((m.alert as unknown as Record<string, unknown>)[k]).toBe(v);
    expect(m.alert.startsAt).toBe(DATADOG_STARTS_AT);
  });

  it.each<[string, Partial<DatadogPayload>, RegExp]>([
    ['A monitor without a plumb-alert tag is refused', { tags: 'team:data' }, /not a Plumb monitor/],
    ['An unknown transition is refused', { transition: 'Exploded' }, /unknown transition/],
  ])('%s.', (_name, over, message) => {
    const m = mapDatadogNotification(payload(over), rules);
    expect(m.ok).toBe(false);
    if (!m.ok) expect(m.message).toMatch(message);
  });

  it('Re-notifications of one episode share a fingerprint; another episode does not.', () => {
    const fp = (o: Partial<DatadogPayload>) => {
      const m = mapDatadogNotification(payload(o), rules);
      return m.ok && 'alert' in m ? m.alert.fingerprint : '';
    };
    expect(fp({ event_id: '1' })).toBe(fp({ event_id: '9', transition: 'Re-Triggered' }));
    expect(fp({ episode: 'e2' })).not.toBe(fp({}));
  });
});
