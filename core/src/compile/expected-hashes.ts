/**
 * Expected values become salted hashes, because that is all the exporter publishes for
 * most dimensions. The hasher is passed in so the compiler stays pure and the salt
 * never enters a compiler data structure that could be printed.
 */
import type { DimensionRule } from '../spec/model';

/** Hash of a canonical value of one dimension, keyed by the fleet salt. */
export type Hasher = (dimension: string, canonical: string) => string;

/** Hashes of the rule's expected values (for `equals` / `oneOf`). */
export function expectedHashes(rule: DimensionRule, hash: Hasher): string[] {
  return rule.check.kind === 'values' ? rule.check.values.map((v) => hash(rule.key, v)) : [];
}

/** Hashes of each allowance's extra values, in allowance order. */
export function allowanceHashes(rule: DimensionRule, hash: Hasher): string[][] {
  return rule.allowances.map((a) => a.values.map((v) => hash(rule.key, v)));
}
