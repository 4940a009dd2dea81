/**
 * Prometheus metrics for consumer lag, on a dedicated Registry. Values are computed at
 * scrape time: every metric's `collect()` awaits one shared collection per scrape.
 */
import { Gauge, Registry } from 'prom-client';
import { SYMPTOM_METRIC } from '@plumb/core/contract';
import { sumLagByNode } from './compute';
import type { LagSnapshot } from './collector';

/** Metric names; documented in docs/history.md. */
export const LAG_METRIC = SYMPTOM_METRIC.consumerGroupLag;
export const LAG_SUM_METRIC = 'plumb_kafka_consumergroup_lag_sum';
export const LAG_SUCCESS_METRIC = 'plumb_kafka_lag_collector_success';
export const LAG_DURATION_METRIC = 'plumb_kafka_lag_collector_duration_seconds';

/** A registry whose lag metrics come from `collect` at each scrape. */
export function createLagRegistry(collect: () => Promise<LagSnapshot>, now: () => number = () => performance.now()): Registry {
  const registry = new Registry();
  let inFlight: Promise<{ snap: LagSnapshot | undefined; seconds: number }> | undefined;
  // prom-client calls every metric's collect() in the same tick, so they share one read.
  const current = (): Promise<{ snap: LagSnapshot | undefined; seconds: number }> => {
    if (!inFlight) {
      const start = now();
      inFlight = collect()
        .then((snap) => ({ snap, seconds: (now() - start) / 1000 }))
        .catch(() => ({ snap: undefined, seconds: (now() - start) / 1000 }))
        .finally(() => setImmediate(() => (inFlight = undefined)));
    }
    return inFlight;
  };
  new Gauge({
    name: LAG_METRIC,
    help: 'Messages between the end of a partition and the offset the consumer group committed.',
    labelNames: ['group', 'topic', 'partition', 'node'],
    registers: [registry],
    async collect() {
      const { snap } = await current();
      this.reset();
      for (const r of snap?.rows ?? []) this.set({ group: r.group, topic: r.topic, partition: String(r.partition), node: r.node }, r.lag);
    },
  });
  new Gauge({
    name: LAG_SUM_METRIC,
    help: 'Consumer group lag summed over the partitions owned by members on one node.',
    labelNames: ['group', 'node'],
    registers: [registry],
    async collect() {
      const { snap } = await current();
      this.reset();
      for (const s of sumLagByNode(snap?.rows ?? [])) this.set({ group: s.group, node: s.node }, s.lag);
    },
  });
  new Gauge({
    name: LAG_SUCCESS_METRIC,
    help: '1 when the last lag collection read every group, 0 otherwise.',
    registers: [registry],
    async collect() {
      const { snap } = await current();
      this.set(snap && snap.errors.length === 0 ? 1 : 0);
    },
  });
  new Gauge({
    name: LAG_DURATION_METRIC,
    help: 'Wall time of the last lag collection.',
    registers: [registry],
    async collect() {
      this.set((await current()).seconds);
    },
  });
  return registry;
}
