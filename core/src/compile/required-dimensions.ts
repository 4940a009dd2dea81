/** The dimensions a node running a workload must report: every rule of the workload not marked optional. */
import type { DimensionRule, Model } from '../spec/model';

/** Required dimension rules per workload that has any: workloads sorted, rules sorted by key. */
export function requiredByWorkload(model: Model): [string, DimensionRule[]][] {
  const byWorkload = new Map<string, DimensionRule[]>();
  for (const r of model.rules) if (!r.optional) byWorkload.set(r.workload, [...(byWorkload.get(r.workload) ?? []), r]);
  return [...byWorkload.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([w, rules]) => [w, [...rules].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))]);
}

/**
 * Bits of one part of a workload's required dimensions. A float64 holds every sum of
 * distinct powers of two below 2^53 exactly, so a part's bitmask of 52 dimensions is exact,
 * and so are the `floor(mask / 2^bit) % 2` that read it back.
 */
export const BITS_PER_PART = 52;

/** One part of a workload's required dimensions: dimension `rules[k]` is bit k of the part's mask. */
export interface RequiredPart {
  workload: string;
  /** `"0"`, `"1"`, …: the `part` label of the workload record's masks. */
  part: string;
  rules: DimensionRule[];
  /** The mask of a node that reports every dimension of the part: 2^rules.length − 1. */
  full: number;
}

/** The required dimensions of each workload in parts of at most BITS_PER_PART, in `requiredByWorkload` order. */
export function requiredParts(model: Model): RequiredPart[] {
  return requiredByWorkload(model).flatMap(([workload, rules]) =>
    Array.from({ length: Math.ceil(rules.length / BITS_PER_PART) }, (_, i) => {
      const slice = rules.slice(i * BITS_PER_PART, (i + 1) * BITS_PER_PART);
      return { workload, part: String(i), rules: slice, full: 2 ** slice.length - 1 };
    }),
  );
}
