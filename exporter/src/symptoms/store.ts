/**
 * Symptom counters kept by the exporter between scrapes. Each report adds to them
 * once: a `runId` seen before (a retried post) adds nothing. Both the counters and
 * the remembered run ids are bounded. Pure: no clock, no I/O.
 */
import type { SymptomReport } from './schema';

export interface CounterSample {
  labels: Record<string, string>;
  value: number;
}

export type SymptomAccept = { ok: true; counted: boolean } | { ok: false; reason: 'unknown-workload' | 'full' };

type Family = 'dqFailures' | 'dqWarnings' | 'duplicateRows';

export class SymptomStore {
  private readonly counters: Record<Family, Map<string, CounterSample>> = { dqFailures: new Map(), dqWarnings: new Map(), duplicateRows: new Map() };
  private readonly seenRuns = new Set<string>();

  constructor(
    private readonly workloads: ReadonlySet<string>,
    private readonly maxSeries = 10_000,
    private readonly maxRuns = 10_000,
  ) {}

  accept(report: SymptomReport): SymptomAccept {
    const run = report.kind === 'dq' ? `dq\0${report.workload}\0${report.runId}` : `dup\0${report.dataset}\0${report.loader}\0${report.runId}`;
    if (report.kind === 'dq' && !this.workloads.has(report.workload)) return { ok: false, reason: 'unknown-workload' };
    if (this.seenRuns.has(run)) return { ok: true, counted: false };
    const additions: [Family, Record<string, string>, number][] =
      report.kind === 'dq'
        ? report.results.map((r) => [r.status === 'warn' ? 'dqWarnings' : 'dqFailures', { model: r.model, test: r.test, workload: report.workload }, 1])
        : [['duplicateRows', { dataset: report.dataset, loader: report.loader }, report.duplicateRows]];
    const fresh = additions.filter(([family, labels]) => !this.counters[family].has(key(labels))).length;
    if (this.seriesCount() + fresh > this.maxSeries) return { ok: false, reason: 'full' };
    for (const [family, labels, value] of additions) {
      const k = key(labels);
      const sample = this.counters[family].get(k) ?? { labels, value: 0 };
      sample.value += value;
      this.counters[family].set(k, sample);
    }
    this.remember(run);
    return { ok: true, counted: true };
  }

  samples(family: Family): CounterSample[] {
    return [...this.counters[family].values()];
  }

  private seriesCount(): number {
    return this.counters.dqFailures.size + this.counters.dqWarnings.size + this.counters.duplicateRows.size;
  }

  private remember(run: string): void {
    this.seenRuns.add(run);
    // A Set iterates in insertion order: the oldest run id goes first.
    if (this.seenRuns.size > this.maxRuns) this.seenRuns.delete(this.seenRuns.values().next().value as string);
  }
}

const key = (labels: Record<string, string>): string => Object.values(labels).join('\0');
