/**
 * A pure local evaluator with the same semantics as the compiled PromQL: given one
 * rule, where a node runs and the canonical value seen there, decide what the rules
 * in Prometheus would say. `plumb check`, the fleet simulator and the UI use it.
 */
import type { DimensionRule } from '../spec/model';
import { exceptionApplies, inScope, type NodeScope } from './scope-match';

export type { NodeScope } from './scope-match';

/**
 * - `compliant`: the value is what the spec expects (or nothing is expected);
 * - `allowed`: divergent, but accepted in the node's scope;
 * - `excepted`: drifted, but an unexpired exception covers it;
 * - `drift`: drifted;
 * - `unknown`: no value was collected, so nothing can be said (never compliant);
 * - `cohort`: a consistency rule, decided only against other nodes of the cohort.
 */
export type RuleStatus = 'compliant' | 'allowed' | 'excepted' | 'drift' | 'unknown' | 'cohort';

export interface Verdict {
  status: RuleStatus;
  /** Why, without the value itself (it may be secret). */
  reason: string;
  /** Ticket of the exception that suppressed drift, when `excepted`. */
  ticket?: string;
}

export interface EvaluateOptions {
  /** Unix seconds; exceptions stop applying at their `expiresAt`. */
  nowSeconds: number;
  /** `settings.maxExposedValueLength`: longer values carry no `value` label, so version patterns cannot match them. */
  maxExposedValueLength?: number;
}

type Violation = { ok: true; status: 'compliant' | 'allowed'; reason: string } | { ok: false; reason: string };

function checkValue(rule: DimensionRule, at: NodeScope, value: string, opts: EvaluateOptions): Violation {
  const scoped = rule.allowances.filter((a) => inScope(a.scope, at));
  const allowedValue = scoped.find((a) => a.values.includes(value));
  const check = rule.check;
  switch (check.kind) {
    case 'none':
      return { ok: true, status: 'compliant', reason: 'no expectation' };
    case 'values':
      if (check.values.includes(value)) return { ok: true, status: 'compliant', reason: 'expected value' };
      if (allowedValue) return { ok: true, status: 'allowed', reason: `allowed in ${describeScope(allowedValue.scope)}` };
      return { ok: false, reason: check.values.length === 1 ? 'differs from the expected value' : 'not one of the expected values' };
    case 'version': {
      const exposed = value.length <= (opts.maxExposedValueLength ?? Number.POSITIVE_INFINITY);
      if (exposed && new RegExp(`^(?:${check.pattern})$`).test(value)) return { ok: true, status: 'compliant', reason: 'matches the version pattern' };
      if (allowedValue) return { ok: true, status: 'allowed', reason: `allowed in ${describeScope(allowedValue.scope)}` };
      return { ok: false, reason: exposed ? `does not match /${check.pattern}/` : 'too long to expose, so the version pattern cannot match' };
    }
    case 'range': {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n)) return { ok: false, reason: 'not a number' };
      if (within(n, check.min, check.max)) return { ok: true, status: 'compliant', reason: 'within range' };
      const widened = scoped.find((a) => a.range !== undefined && within(n, a.range.min, a.range.max));
      if (widened) return { ok: true, status: 'allowed', reason: `within the range allowed in ${describeScope(widened.scope)}` };
      return { ok: false, reason: `outside ${describeRange(check.min, check.max)}` };
    }
    case 'consistency':
      return { ok: true, status: 'compliant', reason: 'unreachable' };
  }
}

/** Evaluates one rule for one node and one canonical value (`undefined`: nothing collected). */
export function evaluateRule(rule: DimensionRule, at: NodeScope, value: string | undefined, opts: EvaluateOptions): Verdict {
  if (value === undefined) return { status: 'unknown', reason: 'no value collected' };
  if (rule.check.kind === 'consistency')
    return { status: 'cohort', reason: `compared with the modal value of its cohort (workload, ${rule.check.by.join(', ')}) in Prometheus` };
  const result = checkValue(rule, at, value, opts);
  if (result.ok) return { status: result.status, reason: result.reason };
  const exception = [...rule.exceptions].sort((a, b) => b.expiresAtSeconds - a.expiresAtSeconds).find((e) => exceptionApplies(e, at, opts.nowSeconds));
  if (exception)
    return {
      status: 'excepted',
      reason: `${result.reason}; excepted until ${new Date(exception.expiresAtSeconds * 1000).toISOString()}`,
      ticket: exception.ticket,
    };
  return { status: 'drift', reason: result.reason };
}

function within(n: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || n >= min) && (max === undefined || n <= max);
}

function describeRange(min: number | undefined, max: number | undefined): string {
  return `[${min ?? '-inf'}, ${max ?? '+inf'}]`;
}

function describeScope(scope: { region?: string | undefined; instanceType?: string | undefined; pool?: string | undefined }): string {
  const parts = Object.entries(scope)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.join(', ');
}
