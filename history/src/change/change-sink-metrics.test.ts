import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerChangeSinkMetrics } from './change-sink-metrics';

describe('registerChangeSinkMetrics', () => {
  it('A Kafka outage shows as spooled events and send failures, read at scrape time.', async () => {
    const registry = new Registry();
    let stats = { sent: 10, spooled: 0, replayed: 0, rejected: 0, sendFailures: 0, spoolRecords: 0, spoolBytes: 0 };
    registerChangeSinkMetrics(registry, () => stats);
    stats = { ...stats, spooled: 7, sendFailures: 2, spoolRecords: 7, spoolBytes: 2100, rejected: 1 };
    const lines = (await registry.metrics()).split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines).toEqual([
      'plumb_change_spool_records 7',
      'plumb_change_spool_bytes 2100',
      'plumb_change_events_sent_total 10',
      'plumb_change_events_spooled_total 7',
      'plumb_change_events_rejected_total 1',
      'plumb_change_send_failures_total 2',
    ]);
  });
});
