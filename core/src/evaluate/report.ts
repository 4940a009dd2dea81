/**
 * The local drift report of one node: every rule of the workloads found on it,
 * evaluated with `evaluateRule`. Values appear only where the spec lets them be
 * exposed; everything else is shown as its salted hash.
 */
import type { DimensionRule, Model } from '../spec/model';
import type { Severity } from '../spec/schema';
import { usesSecretKdf } from '../hash/secret-hash';
import { evaluateRule, type NodeScope, type RuleStatus } from './evaluate';

export interface ReportRow {
  rule: string;
  workload: string;
  dimension: string;
  severity: Severity;
  status: RuleStatus;
  reason: string;
  /** Clear value, only for exposable dimensions. */
  value?: string;
  /** Salted hash, for every other value. */
  hash?: string;
  ticket?: string;
}

export interface CollectorOutcome {
  collector: string;
  success: boolean;
}

export type ReportOutcome = 'compliant' | 'drift' | 'partial';

export interface CheckReport {
  rows: ReportRow[];
  counts: Record<RuleStatus, number>;
  /** `drift` if anything drifted or is missing; else `partial` if a value or a collector is missing; else `compliant`. */
  outcome: ReportOutcome;
}

export interface ReportInput {
  model: Model;
  at: NodeScope;
  /** Workload types found on the node; rules of other workloads do not apply here. */
  workloads: readonly string[];
  /** Rule id → canonical values collected (several when pods disagree). */
  canonical: ReadonlyMap<string, readonly string[]>;
  collectors: readonly CollectorOutcome[];
  nowSeconds: number;
  /** Salted hash of a canonical value of a dimension. */
  hash: (dimension: string, canonical: string, secret: boolean) => string;
}

function shown(rule: DimensionRule, value: string, input: ReportInput): { value: string } | { hash: string } {
  if (rule.expose && !rule.secret && value.length <= input.model.settings.maxExposedValueLength) return { value };
  return { hash: input.hash(rule.key, value, usesSecretKdf(rule)) };
}

/** Builds the report; rows are sorted by rule id, then status. */
export function buildCheckReport(input: ReportInput): CheckReport {
  const rows: ReportRow[] = [];
  const applicable = input.model.rules.filter((r) => input.workloads.includes(r.workload));
  const reportComplete = input.collectors.every((c) => c.success);
  const opts = { nowSeconds: input.nowSeconds, maxExposedValueLength: input.model.settings.maxExposedValueLength, reportComplete };
  for (const rule of applicable) {
    const base = { rule: rule.id, workload: rule.workload, dimension: rule.key, severity: rule.severity };
    const values = input.canonical.get(rule.id) ?? [];
    if (values.length === 0) {
      const v = evaluateRule(rule, input.at, undefined, opts);
      rows.push({
        ...base,
        ...(v.status === 'missing' ? { severity: rule.missingSeverity } : {}),
        status: v.status,
        reason: v.reason,
        ...(v.ticket ? { ticket: v.ticket } : {}),
      });
      continue;
    }
    for (const value of values) {
      const v = evaluateRule(rule, input.at, value, opts);
      rows.push({ ...base, status: v.status, reason: v.reason, ...shown(rule, value, input), ...(v.ticket ? { ticket: v.ticket } : {}) });
    }
  }
  rows.sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.status < b.status ? -1 : 1));
  const counts: Record<RuleStatus, number> = { compliant: 0, allowed: 0, excepted: 0, drift: 0, missing: 0, unknown: 0, cohort: 0 };
  for (const row of rows) counts[row.status] += 1;
  const partial = counts.unknown > 0 || input.collectors.some((c) => !c.success);
  return { rows, counts, outcome: counts.drift + counts.missing > 0 ? 'drift' : partial ? 'partial' : 'compliant' };
}
