/**
 * The per-node drift summary the exporter renders for agents that cannot run the
 * compiled PromQL (Datadog): drifted-dimension counts per (workload, severity),
 * missing values per workload, and one flag per dimension that has drifted since
 * the exporter started. Pure; built from the same local report as `plumb check`.
 *
 * A flag stays (at 0) once its drift clears, so a monitor sees the recovery instead
 * of a series that vanished; flags are bounded by the dimensions that ever drifted.
 * Consistency rules are decided against the cohort in Prometheus, not here.
 */
import type { Severity } from '../spec/schema';
import type { CheckReport } from './report';

export interface DriftCount {
  workload: string;
  severity: Severity;
  /** Dimensions of this workload and severity drifted now. */
  drifted: number;
}

export interface DimensionFlag {
  workload: string;
  dimension: string;
  severity: Severity;
  /** True while drifted; false once cleared (kept until the exporter restarts). */
  drifted: boolean;
}

export interface DriftSummary {
  counts: DriftCount[];
  /** Rules of a workload running here for which no value was collected. */
  unknown: { workload: string; dimensions: number }[];
  flags: DimensionFlag[];
}

const key = (workload: string, dimension: string) => `${workload}\0${dimension}`;

/** Summarises a report; `everDrifted` (rule keys) is the memory of earlier collections. */
export function summariseDrift(
  report: CheckReport,
  everDrifted: ReadonlyMap<string, DimensionFlag>,
): { summary: DriftSummary; everDrifted: Map<string, DimensionFlag> } {
  const counts = new Map<string, DriftCount>();
  const unknown = new Map<string, number>();
  const driftedNow = new Set<string>();
  const flags = new Map<string, DimensionFlag>([...everDrifted].map(([k, f]) => [k, { ...f, drifted: false }]));
  for (const row of report.rows) {
    const countKey = `${row.workload}\0${row.severity}`;
    const count = counts.get(countKey) ?? { workload: row.workload, severity: row.severity, drifted: 0 };
    counts.set(countKey, count);
    unknown.set(row.workload, unknown.get(row.workload) ?? 0);
    const k = key(row.workload, row.dimension);
    if (row.status === 'unknown') unknown.set(row.workload, (unknown.get(row.workload) ?? 0) + 1);
    // A required dimension the node does not report is drift of its own kind (docs/rules.md).
    // Two pods that disagree give two rows: the dimension counts once.
    if ((row.status !== 'drift' && row.status !== 'missing') || driftedNow.has(k)) continue;
    driftedNow.add(k);
    count.drifted += 1;
    flags.set(k, { workload: row.workload, dimension: row.dimension, severity: row.severity, drifted: true });
  }
  const byName = <T extends { workload: string }>(a: T, b: T, rest: (x: T) => string) => (a.workload + '\0' + rest(a) < b.workload + '\0' + rest(b) ? -1 : 1);
  return {
    summary: {
      counts: [...counts.values()].sort((a, b) => byName(a, b, (x) => x.severity)),
      unknown: [...unknown].map(([workload, dimensions]) => ({ workload, dimensions })).sort((a, b) => byName(a, b, () => '')),
      flags: [...flags.values()].sort((a, b) => byName(a, b, (x) => x.dimension)),
    },
    everDrifted: flags,
  };
}
