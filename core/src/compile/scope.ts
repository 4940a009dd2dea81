/**
 * Scopes (allowances) and exception selectors as label matchers on node labels; the
 * config series select the nodes they match from `plumb:node_info:last` (config-series.ts).
 */
import type { ExceptionModel, Scope } from '../spec/model';
import type { Matcher } from './promql';

/** Matchers for an allowance scope; every given field must match. */
export function scopeMatchers(scope: Scope): Matcher[] {
  const out: Matcher[] = [];
  if (scope.region !== undefined) out.push(['region', '=', scope.region]);
  if (scope.instanceType !== undefined) out.push(['instance_type', '=', scope.instanceType]);
  if (scope.pool !== undefined) out.push(['pool', '=', scope.pool]);
  return out;
}

/** Matchers for an exception's node, pool and region selectors. */
export function exceptionMatchers(e: ExceptionModel): Matcher[] {
  const out: Matcher[] = [];
  if (e.node !== undefined) out.push(['node', '=', e.node]);
  if (e.pool !== undefined) out.push(['pool', '=', e.pool]);
  if (e.region !== undefined) out.push(['region', '=', e.region]);
  return out;
}
