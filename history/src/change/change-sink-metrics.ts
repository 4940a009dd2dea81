/**
 * The change sink's running totals as Prometheus metrics on the exporter's registry, read at
 * scrape time. A Kafka outage shows as a growing spool; a full spool as rejected events
 * (lost from the history of record), which PlumbChangeEventsRejected pages on.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ChangeSinkStats } from './change-sink';

const FAMILIES: { name: string; help: string; type: 'gauge' | 'counter'; value: (s: ChangeSinkStats) => number }[] = [
  { name: 'plumb_change_spool_records', help: 'Change events waiting in the local spool for Kafka.', type: 'gauge', value: (s) => s.spoolRecords },
  { name: 'plumb_change_spool_bytes', help: 'Size of the local change-event spool in bytes.', type: 'gauge', value: (s) => s.spoolBytes },
  { name: 'plumb_change_events_sent_total', help: 'Change events acknowledged by Kafka, live or replayed.', type: 'counter', value: (s) => s.sent },
  {
    name: 'plumb_change_events_spooled_total',
    help: 'Change events written to the spool because Kafka did not acknowledge them.',
    type: 'counter',
    value: (s) => s.spooled,
  },
  { name: 'plumb_change_events_rejected_total', help: 'Change events lost because the spool was full.', type: 'counter', value: (s) => s.rejected },
  { name: 'plumb_change_send_failures_total', help: 'Failed sends to Kafka.', type: 'counter', value: (s) => s.sendFailures },
];

export function registerChangeSinkMetrics(registry: Registry, stats: () => ChangeSinkStats): void {
  for (const f of FAMILIES) {
    const config = {
      name: f.name,
      help: f.help,
      registers: [registry],
      collect(this: Gauge | Counter) {
        this.reset();
        const v = f.value(stats());
        if (this instanceof Counter) this.inc(v);
        else this.set(v);
      },
    };
    if (f.type === 'counter') new Counter(config);
    else new Gauge(config);
  }
}
