/**
 * Exceptions suppress drift only until `expiresAt`. The guard `vector(time()) < T`
 * is part of the rule, so an exception expires on time without a recompile. What an
 * exception suppresses is not forgotten: it is recorded as
 * `plumb:config_drift_excepted:info`, valued with the exception's expiry.
 */
import type { DimensionRule, ExceptionModel } from '../spec/model';
import { indent, orAll, selector } from './promql';
import { configSeries } from './config-series';
import { exceptionMatchers } from './scope';
import { METRIC, RECORD } from '../contract/metrics';

/** Exceptions in a stable order: by ticket, then expiry. */
function sorted(rule: DimensionRule): ExceptionModel[] {
  return [...rule.exceptions].sort((a, b) => a.ticket.localeCompare(b.ticket) || a.expiresAtSeconds - b.expiresAtSeconds);
}

/** `series` while the exception holds, with a comment naming it. */
function guarded(e: ExceptionModel, series: string): string {
  return `# exception ${oneLine(e.ticket)}, expires ${new Date(e.expiresAtSeconds * 1000).toISOString()}\n${series}\nand on () (vector(time()) < ${e.expiresAtSeconds})`;
}

/** The config series an exception covers while it holds. */
export function coveredBy(rule: DimensionRule, e: ExceptionModel, job: string): string {
  return guarded(e, configSeries(METRIC.configInfo, rule, job, exceptionMatchers(e)));
}

/** The nodes an exception covers while it holds (for drift that has no reported series: missing). */
export function nodesCoveredBy(e: ExceptionModel): string {
  return guarded(e, selector(RECORD.nodeInfoLast, exceptionMatchers(e)));
}

/** Wraps `drifted` so that series covered by an unexpired exception are removed (an exception covers every hash). */
export function withExceptions(rule: DimensionRule, drifted: string, job: string): string {
  if (rule.exceptions.length === 0) return drifted;
  const covered = sorted(rule).map((e) => coveredBy(rule, e, job));
  return `(\n${indent(drifted)}\n)\nunless on (instance, workload, dimension)\n(\n${indent(orAll(covered))}\n)`;
}

/** Like `withExceptions`, matching the covered nodes on `instance` (for missing drift). */
export function withNodeExceptions(rule: DimensionRule, drifted: string): string {
  if (rule.exceptions.length === 0) return drifted;
  const covered = sorted(rule).map(nodesCoveredBy);
  return `(\n${indent(drifted)}\n)\nunless on (instance)\n(\n${indent(orAll(covered))}\n)`;
}

/** Spec text placed in a PromQL comment must stay on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}
