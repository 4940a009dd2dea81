/**
 * Human rendering of a local drift report: an aligned table, then a summary line.
 */
import type { CheckReport } from '@plumb/core/evaluate/report';

function pad(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The drift table: rule, severity, status, value (or `hash:<h>`), reason. */
export function renderCheckTable(report: CheckReport): string {
  const header = ['RULE', 'SEVERITY', 'STATUS', 'VALUE', 'REASON'];
  const body = report.rows.map((r) => [
    r.rule,
    r.severity,
    r.status,
    r.value ?? (r.hash !== undefined ? `hash:${r.hash}` : '-'),
    r.ticket ? `${r.reason} (${r.ticket})` : r.reason,
  ]);
  const c = report.counts;
  const summary = `${report.rows.length} checks: ${c.compliant} compliant, ${c.allowed} allowed, ${c.excepted} excepted, ${c.drift} drift, ${c.unknown} unknown, ${c.cohort} cohort (decided in Prometheus) => ${report.outcome}`;
  return `${report.rows.length > 0 ? pad([header, ...body]) : 'no rule applies to the workloads found on this node'}\n${summary}\n`;
}
