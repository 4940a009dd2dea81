/**
 * Drift for `equals` / `oneOf` and `version` expectations: a series is drifted when its
 * hash is not expected (or its exposed value misses the version pattern) and no
 * allowance in the node's scope accepts its hash.
 */
import type { DimensionRule } from '../spec/model';
import { allowanceHashes, expectedHashes, type Hasher } from './expected-hashes';
import { anyOf, indent, orAll } from './promql';
import { METRIC } from '../contract/metrics';
import { configSeries } from './config-series';
import { scopeMatchers } from './scope';

/** Expression selecting the drifted `plumb_config_info` series of a `values` or `version` rule. */
export function valuesDriftExpr(rule: DimensionRule, hash: Hasher, job: string): string {
  const info = (matchers: Parameters<typeof configSeries>[3]) => configSeries(METRIC.configInfo, rule, job, matchers);
  let offending: string;
  if (rule.check.kind === 'values') offending = info([['hash', '!~', anyOf(expectedHashes(rule, hash))]]);
  // A missing `value` label (value too long to expose) never matches the pattern: unknown is not compliant.
  else if (rule.check.kind === 'version') offending = info([['value', '!~', rule.check.pattern]]);
  else throw new Error(`valuesDriftExpr called for a ${rule.check.kind} rule`);
  const allowed = allowanceHashes(rule, hash)
    .map((hashes, i) => ({ hashes, scope: rule.allowances[i]?.scope ?? {} }))
    .filter((a) => a.hashes.length > 0)
    .map((a) => info([...scopeMatchers(a.scope), ['hash', '=~', anyOf(a.hashes)]]));
  if (allowed.length === 0) return offending;
  return `${offending}\nunless\n(\n${indent(orAll(allowed))}\n)`;
}
