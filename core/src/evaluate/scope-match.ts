/**
 * Whether a node is inside an allowance scope or an exception's selectors. Mirrors the
 * label matchers the compiler writes: every given field must match.
 */
import type { ExceptionModel, Scope } from '../spec/model';

/** Where a node runs, as `plumb_node_info` describes it. */
export interface NodeScope {
  node: string;
  region: string;
  instanceType: string;
  pool: string;
}

export function inScope(scope: Scope, at: NodeScope): boolean {
  return (
    (scope.region === undefined || scope.region === at.region) &&
    (scope.instanceType === undefined || scope.instanceType === at.instanceType) &&
    (scope.pool === undefined || scope.pool === at.pool)
  );
}

/** The exception covers the node (selectors) and has not expired at `nowSeconds` (the `time() <` guard). */
export function exceptionApplies(e: ExceptionModel, at: NodeScope, nowSeconds: number): boolean {
  const selected =
    (e.node === undefined || e.node === at.node) && (e.pool === undefined || e.pool === at.pool) && (e.region === undefined || e.region === at.region);
  return selected && nowSeconds < e.expiresAtSeconds;
}
