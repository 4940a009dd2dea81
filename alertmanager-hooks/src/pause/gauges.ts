/**
 * Active pauses as metrics, computed at scrape time: one series per pause with its
 * start time, so PlumbRemediationPaused fires while one is on and
 * PlumbRemediationPauseLeftOn once it has been on too long.
 */
import { Gauge, type Registry } from 'prom-client';
import type { Pause } from '@plumb/core/contract/handler-api';
import { isActive } from './match';

export function registerPauseGauges(registry: Registry, pauses: () => readonly Pause[], now: () => number): void {
  const labels = (p: Pause) => ({ scope: p.scope, region: p.region ?? '', workload: p.workload ?? '', by: p.by });
  new Gauge({
    name: 'plumb_hooks_pause_active',
    help: 'Active pauses of remediation (1 per pause), by scope, region, workload and the person who paused.',
    labelNames: ['scope', 'region', 'workload', 'by'],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of pauses()) if (isActive(p, now())) this.inc(labels(p));
    },
  });
  new Gauge({
    name: 'plumb_hooks_pause_started_timestamp_seconds',
    help: 'Unix time the oldest active pause of each scope started.',
    labelNames: ['scope', 'region', 'workload', 'by'],
    registers: [registry],
    collect() {
      this.reset();
      const oldest = new Map<string, { l: ReturnType<typeof labels>; at: number }>();
      for (const p of pauses()) {
        if (!isActive(p, now())) continue;
        const l = labels(p);
        const key = JSON.stringify(l);
        if ((oldest.get(key)?.at ?? Infinity) > p.startedMs) oldest.set(key, { l, at: p.startedMs });
      }
      for (const { l, at } of oldest.values()) this.set(l, at / 1000);
    },
  });
}
