/**
 * Consistency drift: no single right value, so a series is drifted when its hash is
 * less common than its cohort's modal hash. The cohort is the workload plus the `by`
 * labels. When two or more hashes tie for the mode, nobody is flagged: there is no
 * majority to converge on, and a person must decide.
 */
import type { DimensionRule } from '../spec/model';
import { indent } from './promql';
import { labelList } from './rules';
import { labeled } from './drift-values';

/** Expression selecting the minority series of a `consistency` rule. */
export function consistencyDriftExpr(rule: DimensionRule): string {
  if (rule.check.kind !== 'consistency') throw new Error(`consistencyDriftExpr called for a ${rule.check.kind} rule`);
  const cohort = labelList([...rule.check.by, 'workload', 'dimension']);
  const perHash = `count by (${cohort}, hash) (${labeled(rule)})`;
  const mode = `max by (${cohort}) (${perHash})`;
  const minority = `${perHash}\n< on (${cohort}) group_left\n${mode}`;
  const modal = `${perHash}\n== on (${cohort}) group_left\n${mode}`;
  const uniqueMode = `count by (${cohort}) (\n${indent(modal)}\n) == 1`;
  return `${labeled(rule)}\nand on (${cohort}, hash)\n(\n${indent(`(\n${indent(minority)}\n)\nand on (${cohort})\n(\n${indent(uniqueMode)}\n)`)}\n)`;
}
