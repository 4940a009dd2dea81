/**
 * The query collector's metrics on a dedicated Registry. Each scrape reads the query
 * history once (shared by every metric's `collect()`), then renders the counters.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { SYMPTOM_METRICS } from '@plumb/core/contract';
import type { QueryHistoryCollector } from './collector';

export const QUERY_COLLECTOR_SUCCESS_METRIC = 'plumb_query_history_collector_success';
export const QUERY_COLLECTOR_LAST_SUCCESS_METRIC = 'plumb_query_history_last_success_timestamp_seconds';

export function createQueryHistoryRegistry(collector: QueryHistoryCollector): Registry {
  const registry = new Registry();
  let inFlight: Promise<unknown> | undefined;
  const current = () => {
    inFlight ??= collector.poll().finally(() => setImmediate(() => (inFlight = undefined)));
    return inFlight;
  };
  const help = (m: { meaning: string }) => m.meaning.replace(/`/g, '');
  new Counter({
    name: SYMPTOM_METRICS.queryFailures.name,
    help: help(SYMPTOM_METRICS.queryFailures),
    labelNames: [...SYMPTOM_METRICS.queryFailures.labels],
    registers: [registry],
    async collect(this: Counter) {
      await current();
      this.reset();
      for (const { value, ...labels } of collector.ledger.failures()) this.inc(labels, value);
    },
  });
  new Counter({
    name: SYMPTOM_METRICS.queryAnomalies.name,
    help: help(SYMPTOM_METRICS.queryAnomalies),
    labelNames: [...SYMPTOM_METRICS.queryAnomalies.labels],
    registers: [registry],
    async collect(this: Counter) {
      await current();
      this.reset();
      for (const { value, ...labels } of collector.ledger.anomalies()) this.inc(labels, value);
    },
  });
  new Gauge({
    name: QUERY_COLLECTOR_SUCCESS_METRIC,
    help: '1 when the last read of the query history succeeded and was complete, 0 otherwise.',
    registers: [registry],
    async collect(this: Gauge) {
      await current();
      this.set(collector.last?.ok ? 1 : 0);
    },
  });
  new Gauge({
    name: QUERY_COLLECTOR_LAST_SUCCESS_METRIC,
    help: 'When the query history was last read completely.',
    registers: [registry],
    async collect(this: Gauge) {
      await current();
      this.reset();
      if (collector.lastSuccessSeconds !== undefined) this.set(collector.lastSuccessSeconds);
    },
  });
  return registry;
}
