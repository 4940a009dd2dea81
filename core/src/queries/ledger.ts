/**
 * Failed queries and row-count / runtime anomalies, per node and workload, from the
 * tagged rows of the warehouse's query history. Pure state: the collector feeds it the
 * rows it reads, in end-time order, and renders its counters.
 *
 * A successful query is an anomaly when its rows produced or its elapsed time lies more
 * than `threshold` robust z-scores (median/MAD) from the same workload's last `window`
 * runs of the same query fingerprint. Rows count both ways (too few is missing data, too
 * many a duplicate load); runtime only when slower. Fewer than `minHistory` earlier runs
 * judge nothing.
 */
import { robustZ } from '../stats/robust';
import { queryFingerprint } from './fingerprint';
import { queryOutcome, type QueryHistoryRow } from './history-row';
import { parseQueryTag } from './tag';

export interface LedgerOptions {
  window?: number;
  minHistory?: number;
  threshold?: number;
  /** Query ids remembered to count each query once across overlapping reads. */
  maxSeen?: number;
}

export interface QuerySeries {
  warehouse: string;
  workload: string;
  node: string;
  value: number;
}

export type AnomalyKind = 'rows' | 'runtime';

export interface IngestSummary {
  failed: number;
  anomalies: number;
  /** Still running: read again next time. */
  running: number;
  untagged: number;
  /** A `plumb` tag that does not parse: the job's tagging is broken, named in `problems`. */
  malformed: number;
  problems: string[];
}

export class QueryLedger {
  private readonly window: number;
  private readonly minHistory: number;
  private readonly threshold: number;
  private readonly maxSeen: number;
  private readonly seen = new Set<string>();
  private readonly history = new Map<string, number[]>();
  private readonly failureCounts = new Map<string, QuerySeries>();
  private readonly anomalyCounts = new Map<string, QuerySeries & { kind: AnomalyKind }>();

  constructor(options: LedgerOptions = {}) {
    this.window = options.window ?? 50;
    this.minHistory = options.minHistory ?? 8;
    this.threshold = options.threshold ?? 3.5;
    this.maxSeen = options.maxSeen ?? 100_000;
  }

  ingest(rows: readonly QueryHistoryRow[]): IngestSummary {
    const summary: IngestSummary = { failed: 0, anomalies: 0, running: 0, untagged: 0, malformed: 0, problems: [] };
    const ordered = [...rows].sort((a, b) => (a.endTime ?? Infinity) - (b.endTime ?? Infinity));
    for (const row of ordered) {
      if (this.seen.has(row.queryId)) continue;
      const outcome = queryOutcome(row);
      if (outcome === 'running') {
        summary.running++;
        continue;
      }
      this.remember(row.queryId);
      const tag = parseQueryTag(row.queryTag);
      if (!tag.ok) {
        summary[tag.reason]++;
        if (tag.reason === 'malformed') summary.problems.push(`query ${row.queryId}: QUERY_TAG ${tag.detail}`);
        continue;
      }
      const base = { warehouse: row.warehouse ?? '', workload: tag.tag.workload, node: tag.tag.node };
      if (outcome === 'failed') {
        bump(this.failureCounts, base);
        summary.failed++;
        continue;
      }
      const fingerprint = queryFingerprint(row.queryText);
      const judge = (kind: AnomalyKind, value: number | null) => {
        if (value === null || !Number.isFinite(value)) return;
        const key = `${base.workload}\0${fingerprint}\0${kind}`;
        const past = this.history.get(key) ?? [];
        if (past.length >= this.minHistory) {
          const z = robustZ(value, past);
          if (kind === 'runtime' ? z > this.threshold : Math.abs(z) > this.threshold) {
            bump(this.anomalyCounts, { ...base, kind });
            summary.anomalies++;
          }
        }
        this.history.set(key, [...past, value].slice(-this.window));
      };
      judge('rows', row.rowsProduced);
      judge('runtime', row.totalElapsedMs);
    }
    return summary;
  }

  failures(): QuerySeries[] {
    return [...this.failureCounts.values()];
  }

  anomalies(): (QuerySeries & { kind: AnomalyKind })[] {
    return [...this.anomalyCounts.values()];
  }

  private remember(queryId: string): void {
    this.seen.add(queryId);
    if (this.seen.size > this.maxSeen) this.seen.delete(this.seen.values().next().value as string);
  }
}

function bump<T extends QuerySeries>(counts: Map<string, T>, labels: Omit<T, 'value'>): void {
  const key = JSON.stringify(labels);
  const entry = counts.get(key) ?? ({ ...labels, value: 0 } as T);
  entry.value++;
  counts.set(key, entry);
}
