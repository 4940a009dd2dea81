/**
 * Reports kept in memory for their TTL, keyed by (workload, reporter id) so a
 * process that reports again replaces its earlier report. Only the keys the spec
 * asks of reports are kept, which bounds memory and keeps unrelated (possibly
 * secret) settings out of the process. Pure apart from the clock it is given.
 */
import type { Model } from '@plumb/core/spec/model';
import type { ConfigScalar } from '../collect/formats/types';
import type { Report } from './schema';

export interface StoredReport {
  workload: string;
  id: string;
  source: string;
  values: Map<string, ConfigScalar>;
  expiresAtMs: number;
}

export type AcceptResult = { ok: true; kept: number } | { ok: false; reason: 'unknown-workload' | 'full' };

export class ReportStore {
  private readonly reports = new Map<string, StoredReport>();
  private readonly keysByWorkload: Map<string, Set<string>>;
  private readonly workloads: Set<string>;

  constructor(
    model: Model,
    private readonly defaultTtlMs: number,
    private readonly capacity = 512,
  ) {
    this.workloads = new Set(model.workloads.map((w) => w.name));
    this.keysByWorkload = new Map();
    for (const rule of model.rules) {
      if (rule.source.kind !== 'report') continue;
      const keys = this.keysByWorkload.get(rule.workload) ?? new Set<string>();
      keys.add(rule.source.key);
      this.keysByWorkload.set(rule.workload, keys);
    }
  }

  /** Stores a validated report; refuses workloads the spec does not know and a full store. */
  accept(report: Report, nowMs: number): AcceptResult {
    if (!this.workloads.has(report.workload)) return { ok: false, reason: 'unknown-workload' };
    const id = `${report.workload}\0${report.id}`;
    if (!this.reports.has(id) && this.size(nowMs) >= this.capacity) return { ok: false, reason: 'full' };
    const wanted = this.keysByWorkload.get(report.workload) ?? new Set<string>();
    const values = new Map<string, ConfigScalar>();
    for (const [key, value] of Object.entries(report.config)) if (wanted.has(key) && value !== null) values.set(key, value);
    const ttlMs = report.ttlSeconds !== undefined ? report.ttlSeconds * 1000 : this.defaultTtlMs;
    this.reports.set(id, { workload: report.workload, id: report.id, source: report.source, values, expiresAtMs: nowMs + ttlMs });
    return { ok: true, kept: values.size };
  }

  /** Unexpired reports; expired ones are dropped. */
  live(nowMs: number): StoredReport[] {
    for (const [id, r] of this.reports) if (r.expiresAtMs <= nowMs) this.reports.delete(id);
    return [...this.reports.values()];
  }

  size(nowMs: number): number {
    return this.live(nowMs).length;
  }
}
