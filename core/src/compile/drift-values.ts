/**
 * Drift for `equals` / `oneOf` and `version` expectations: a series is drifted when its
 * hash is not expected (or its exposed value misses the version pattern) and no
 * allowance in the node's scope accepts its hash.
 */
import type { DimensionRule } from '../spec/model';
import { allowanceHashes, expectedHashes, type Hasher } from './expected-hashes';
import { anyOf, indent, orAll, selector, type Matcher } from './promql';
import { RECORD } from '../contract/metrics';
import { scopeMatchers } from './scope';

/** The labeled series of one (workload, dimension), with extra matchers. */
export function labeled(rule: DimensionRule, extra: readonly Matcher[] = []): string {
  return selector(RECORD.configInfoLabeled, [['workload', '=', rule.workload], ['dimension', '=', rule.key], ...extra]);
}

/** Expression selecting the drifted series of a `values` or `version` rule. */
export function valuesDriftExpr(rule: DimensionRule, hash: Hasher): string {
  let offending: string;
  if (rule.check.kind === 'values') offending = labeled(rule, [['hash', '!~', anyOf(expectedHashes(rule, hash))]]);
  // A missing `value` label (value too long to expose) never matches the pattern: unknown is not compliant.
  else if (rule.check.kind === 'version') offending = labeled(rule, [['value', '!~', rule.check.pattern]]);
  else throw new Error(`valuesDriftExpr called for a ${rule.check.kind} rule`);
  const allowed = allowanceHashes(rule, hash)
    .map((hashes, i) => ({ hashes, scope: rule.allowances[i]?.scope ?? {} }))
    .filter((a) => a.hashes.length > 0)
    .map((a) => labeled(rule, [...scopeMatchers(a.scope), ['hash', '=~', anyOf(a.hashes)]]));
  if (allowed.length === 0) return offending;
  return `${offending}\nunless\n(\n${indent(orAll(allowed))}\n)`;
}
