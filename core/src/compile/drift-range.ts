/**
 * Numeric-range drift, computed on `plumb_config_value` (hashes cannot be ordered).
 * Scoped range allowances widen the range where they apply. The result is mapped back
 * to the `plumb_config_info` series so the drift carries the node's hash. A value that
 * is not a number at all is drift as well.
 */
import type { DimensionRule } from '../spec/model';
import { indent, orAll, type Matcher } from './promql';
import { METRIC } from '../contract/metrics';
import { configSeries } from './config-series';
import { scopeMatchers } from './scope';

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

/** Expression selecting the drifted `plumb_config_info` series of a `range` rule. */
export function rangeDriftExpr(rule: DimensionRule, job: string): string {
  if (rule.check.kind !== 'range') throw new Error(`rangeDriftExpr called for a ${rule.check.kind} rule`);
  const value = (matchers: readonly Matcher[] = []) => configSeries(METRIC.configValue, rule, job, matchers);
  const info = configSeries(METRIC.configInfo, rule, job);
  let bad = outside(value(), rule.check.min, rule.check.max);
  const allowed = rule.allowances.filter((a) => a.range !== undefined).map((a) => inside(value(scopeMatchers(a.scope)), a.range?.min, a.range?.max));
  if (allowed.length > 0) bad = `(\n${indent(bad)}\n)\nunless\n(\n${indent(orAll(allowed))}\n)`;
  // A value that is not a number gets a hash but no plumb_config_value: that is drift too.
  // "Hash without value" is read from the scraped series in this one query: a target that
  // leaves service discovery (autoscaling churn) loses both in the same snapshot.
  const notNumeric = `${info}\nunless on (instance, workload, dimension)\n${value()}`;
  return `(\n${indent(`${info}\nand on (instance, workload, dimension)\n(\n${indent(bad)}\n)`)}\n)\nor\n(\n${indent(notNumeric)}\n)`;
}
