/**
 * Exceptions suppress drift only until `expiresAt`. The guard `vector(time()) < T`
 * is part of the rule, so an exception expires on time without a recompile.
 */
import type { DimensionRule } from '../spec/model';
import { indent, orAll } from './promql';
import { labeled } from './drift-values';
import { exceptionMatchers } from './scope';

/** Wraps `drifted` so that series covered by an unexpired exception are removed. */
export function withExceptions(rule: DimensionRule, drifted: string): string {
  if (rule.exceptions.length === 0) return drifted;
  const covered = [...rule.exceptions]
    .sort((a, b) => a.ticket.localeCompare(b.ticket) || a.expiresAtSeconds - b.expiresAtSeconds)
    .map(
      (e) =>
        `# exception ${oneLine(e.ticket)}, expires ${new Date(e.expiresAtSeconds * 1000).toISOString()}\n${labeled(rule, exceptionMatchers(e))}\nand on () (vector(time()) < ${e.expiresAtSeconds})`,
    );
  return `(\n${indent(drifted)}\n)\nunless\n(\n${indent(orAll(covered))}\n)`;
}

/** Spec text placed in a PromQL comment must stay on one line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}
