/**
 * The compliant value of each dimension on a simulated node, derived from the spec
 * where it implies one and from the scenario's `baseline` where it does not.
 */
import type { DimensionRule } from '@plumb/core/spec/model';
import type { SimNode } from './fleet';

export type Scalar = string | number | boolean;

/** A value that satisfies `rule` on `node`. Throws, naming the key, when none can be derived. */
export function compliantValue(rule: DimensionRule, node: SimNode, baseline: Record<string, Scalar>): Scalar {
  const given = baseline[rule.key];
  if (given !== undefined) return given;
  const check = rule.check;
  switch (check.kind) {
    case 'values':
      return check.values[0] as string;
    case 'range':
      return check.min ?? check.max ?? 0;
    case 'consistency':
      // One value per cohort: nodes of a region (or pool) agree, as in a healthy fleet.
      return `${rule.key}@${check.by.map((b) => cohortValue(node, b)).join('/')}`;
    case 'version':
      throw new Error(`scenario baseline has no value for "${rule.key}" (its spec check is a version pattern, so no compliant value can be implied)`);
    case 'none':
      return 'baseline';
  }
}

function cohortValue(node: SimNode, by: 'region' | 'pool' | 'instance_type'): string {
  return by === 'region' ? node.identity.region : by === 'pool' ? node.identity.pool : node.identity.instanceType;
}
