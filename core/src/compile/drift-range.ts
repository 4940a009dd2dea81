/**
 * Numeric-range drift, computed on `plumb_config_value` (hashes cannot be ordered).
 * Scoped range allowances widen the range where they apply. The result is mapped back
 * to the `plumb_config_info` series so the drift carries the node's hash. A value that
 * is not a number at all is drift as well.
 */
import type { DimensionRule } from '../spec/model';
import { indent, orAll, selector, type Matcher } from './promql';
import { METRIC, RECORD } from '../contract/metrics';
import { scopeMatchers } from './scope';
import { labeled } from './drift-values';

function value(rule: DimensionRule, extra: readonly Matcher[] = []): string {
  return selector(RECORD.configValueLabeled, [['workload', '=', rule.workload], ['dimension', '=', rule.key], ...extra]);
}

/** Series outside [min, max]; `undefined` bounds are open. */
function outside(series: string, min: number | undefined, max: number | undefined): string {
  const parts: string[] = [];
  if (min !== undefined) parts.push(`${series} < ${min}`);
  if (max !== undefined) parts.push(`${series} > ${max}`);
  return parts.length === 1 ? (parts[0] ?? '') : parts.map((p) => `(${p})`).join(' or ');
}

/** Series inside [min, max]. */
function inside(series: string, min: number | undefined, max: number | undefined): string {
  let expr = series;
  if (min !== undefined) expr = `(${expr} >= ${min})`;
  if (max !== undefined) expr = `(${expr} <= ${max})`;
  return expr;
}

/** The exporter's own series of the rule's dimension, as scraped (not a recorded copy). */
function scraped(metric: string, rule: DimensionRule, job: string): string {
  return selector(metric, [
    ['job', '=', job],
    ['workload', '=', rule.workload],
    ['dimension', '=', rule.key],
  ]);
}

/** Expression selecting the drifted `plumb:config_info:labeled` series of a `range` rule. */
export function rangeDriftExpr(rule: DimensionRule, job: string): string {
  if (rule.check.kind !== 'range') throw new Error(`rangeDriftExpr called for a ${rule.check.kind} rule`);
  let bad = outside(value(rule), rule.check.min, rule.check.max);
  const allowed = rule.allowances.filter((a) => a.range !== undefined).map((a) => inside(value(rule, scopeMatchers(a.scope)), a.range?.min, a.range?.max));
  if (allowed.length > 0) bad = `(\n${indent(bad)}\n)\nunless\n(\n${indent(orAll(allowed))}\n)`;
  // A value that is not a number gets a hash but no plumb_config_value: that is drift too.
  // "Hash without value" is read from the scraped series in this one query. The two
  // labeled records come from two earlier rules, each reading the TSDB at its own
  // moment: a target that leaves service discovery between them (autoscaling churn)
  // has a labeled hash but no labeled value for one cycle, which is not drift.
  const notNumeric = `${labeled(rule)}\nand on (instance, workload, dimension)\n(\n${indent(`${scraped(METRIC.configInfo, rule, job)}\nunless on (instance, workload, dimension)\n${scraped(METRIC.configValue, rule, job)}`)}\n)`;
  return `(\n${indent(`${labeled(rule)}\nand on (instance, workload, dimension)\n(\n${indent(bad)}\n)`)}\n)\nor\n(\n${indent(notNumeric)}\n)`;
}
