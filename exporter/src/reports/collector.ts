/**
 * The `reports` collector: turns live in-process reports into readings for the
 * spec's `report` sources. A report also marks its workload as running here, so
 * ephemeral pods are counted while their report lives.
 */
import type { Collector, CollectorOutput, Reading } from '../collect/readings';
import { looksSecret } from '@plumb/core/spec/secret-names';
import type { ReportStore } from './store';

export function createReportsCollector(store: ReportStore, now: () => number = Date.now): Collector {
  return {
    name: 'reports',
    async collect(ctx): Promise<CollectorOutput> {
      const reports = store.live(now());
      const readings: Reading[] = [];
      for (const rule of ctx.model.rules) {
        if (rule.source.kind !== 'report') continue;
        const key = rule.source.key;
        for (const report of reports) {
          if (report.workload !== rule.workload) continue;
          const value = report.values.get(key);
          if (value !== undefined) readings.push({ rule, value, source: `report:${report.source}`, secret: looksSecret(key), scoped: true });
        }
      }
      return { readings, errors: [], activeWorkloads: [...new Set(reports.map((r) => r.workload))] };
    },
  };
}
