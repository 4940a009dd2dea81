/**
 * Cumulative collector bookkeeping across collections: success of the last run,
 * last success time and the error count since start. Pure.
 */
import type { CollectorStatus } from '@plumb/core/state/types';
import type { CollectorRun } from './readings';

export class CollectorBook {
  private readonly statuses = new Map<string, CollectorStatus>();

  /** Folds one collection's runs in and returns every known collector's status, sorted by name. */
  record(runs: readonly CollectorRun[], nowSeconds: number): CollectorStatus[] {
    for (const run of runs) {
      const before = this.statuses.get(run.collector);
      const status: CollectorStatus = {
        collector: run.collector,
        success: run.success,
        durationSeconds: run.durationSeconds,
        errorsTotal: (before?.errorsTotal ?? 0) + run.errors.length,
      };
      const lastSuccess = run.success ? nowSeconds : before?.lastSuccessSeconds;
      if (lastSuccess !== undefined) status.lastSuccessSeconds = lastSuccess;
      if (!run.success) status.error = run.errors.join('; ');
      this.statuses.set(run.collector, status);
    }
    return [...this.statuses.values()].sort((a, b) => (a.collector < b.collector ? -1 : 1));
  }
}
