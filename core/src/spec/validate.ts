/**
 * Cross-reference and meaning checks the schema cannot express. Errors make a spec
 * unusable; warnings point at a spec that works but probably not as meant.
 */
import { canonicalise } from '../hash/canonical';
import type { Dimension, Spec } from './schema';
import { compileRe2, fullMatch } from './re2';
import { looksSecret } from './secret-names';

export interface RawProblem {
  path: PropertyKey[];
  message: string;
}

const EXPECTATION_KINDS = ['equals', 'oneOf', 'range', 'version', 'consistency'] as const;

/** Returns the semantic errors and warnings of a schema-valid spec. */
export function validateSemantics(spec: Spec): { errors: RawProblem[]; warnings: RawProblem[] } {
  const errors: RawProblem[] = [];
  const warnings: RawProblem[] = [];
  const workloadNames = new Set<string>();
  spec.workloads.forEach((w, i) => {
    if (workloadNames.has(w.name)) errors.push({ path: ['workloads', i, 'name'], message: `duplicate workload "${w.name}"` });
    workloadNames.add(w.name);
    const badProcess = w.match.process !== undefined ? notRe2(w.match.process) : undefined;
    if (badProcess !== undefined) errors.push({ path: ['workloads', i, 'match', 'process'], message: badProcess });
    if (Object.values(w.match).every((v) => v === undefined))
      warnings.push({ path: ['workloads', i, 'match'], message: `workload "${w.name}" has no selector, so nothing is classified as it` });
  });

  const seen = new Map<string, number>();
  const covered = new Set<string>();
  spec.dimensions.forEach((dim, i) => {
    const at = (...rest: PropertyKey[]) => ['dimensions', i, ...rest];
    dim.workloads.forEach((w, j) => {
      if (!workloadNames.has(w))
        errors.push({ path: at('workloads', j), message: `unknown workload "${w}" (expected one of ${[...workloadNames].join(', ')})` });
      const id = `${w}/${dim.key}`;
      if (seen.has(id))
        errors.push({ path: at('workloads', j), message: `dimension "${dim.key}" is already defined for workload "${w}" at dimensions[${seen.get(id)}]` });
      seen.set(id, i);
      covered.add(w);
      if (dim.source.kind === 'process' && workloadNames.has(w) && spec.workloads.find((x) => x.name === w)?.match.process === undefined)
        errors.push({ path: at('source'), message: `a process source needs the workload's process: workload "${w}" has no match.process` });
    });
    checkDimension(dim, at, errors, warnings);
  });
  for (const w of workloadNames)
    if (!covered.has(w)) warnings.push({ path: ['workloads', [...workloadNames].indexOf(w)], message: `workload "${w}" has no dimensions` });

  const now = Date.now();
  spec.exceptions.forEach((e, i) => {
    const dims = spec.dimensions.filter((d) => d.key === e.dimension);
    if (dims.length === 0) errors.push({ path: ['exceptions', i, 'dimension'], message: `unknown dimension "${e.dimension}"` });
    else if (e.workload !== undefined && !dims.some((d) => d.workloads.includes(e.workload as string)))
      errors.push({ path: ['exceptions', i, 'workload'], message: `dimension "${e.dimension}" does not apply to workload "${e.workload}"` });
    if (Date.parse(e.expiresAt) <= now)
      warnings.push({ path: ['exceptions', i, 'expiresAt'], message: `exception ${e.ticket} expired at ${e.expiresAt}; it no longer suppresses drift` });
    errors.push(...checkGovernance(spec.settings.exceptionPolicy, e, now).map((p) => ({ ...p, path: ['exceptions', i, ...p.path] })));
  });
  const policy = spec.settings.exceptionPolicy;
  const badApprovers = policy.approverPattern !== undefined ? notRe2(policy.approverPattern) : undefined;
  if (badApprovers !== undefined) errors.push({ path: ['settings', 'exceptionPolicy', 'approverPattern'], message: badApprovers });

  const symptomNames = new Set<string>();
  spec.symptoms.forEach((s, i) => {
    if (symptomNames.has(s.name)) errors.push({ path: ['symptoms', i, 'name'], message: `duplicate symptom "${s.name}"` });
    symptomNames.add(s.name);
    s.workloads?.forEach((w, j) => {
      if (!workloadNames.has(w)) errors.push({ path: ['symptoms', i, 'workloads', j], message: `unknown workload "${w}"` });
    });
    if (!/\bnode\b/.test(s.query))
      warnings.push({ path: ['symptoms', i, 'query'], message: 'query does not mention a `node` label; per-node correlation needs one series per node' });
  });
  return { errors, warnings };
}

function checkDimension(dim: Dimension, at: (...rest: PropertyKey[]) => PropertyKey[], errors: RawProblem[], warnings: RawProblem[]): void {
  const secret = dim.secret ?? looksSecret(dim.key);
  const e = dim.expect;
  const kinds = e ? EXPECTATION_KINDS.filter((k) => e[k] !== undefined) : [];
  if (e && kinds.length !== 1) {
    errors.push({ path: at('expect'), message: `give exactly one of ${EXPECTATION_KINDS.join(', ')} (got ${kinds.length === 0 ? 'none' : kinds.join(', ')})` });
    return;
  }
  const kind = kinds[0];
  if (kind === undefined) warnings.push({ path: at(), message: `dimension "${dim.key}" has no expectation: it is collected but never flagged` });
  if (secret && dim.expose) errors.push({ path: at('expose'), message: `dimension "${dim.key}" is secret and cannot be exposed` });
  else if (dim.expose && looksSecret(dim.key))
    errors.push({ path: at('expose'), message: `dimension "${dim.key}" is named like a credential and is never exposed, even with secret: false` });
  if (secret && kind !== undefined && kind !== 'consistency')
    errors.push({ path: at('expect', kind), message: `dimension "${dim.key}" is secret: a spec must not hold its value; use expect.consistency` });
  if (kind === 'range' && dim.type !== 'number') errors.push({ path: at('expect', 'range'), message: `a range needs type: number (got type: ${dim.type})` });
  if (kind === 'version') {
    if (!dim.expose) errors.push({ path: at('expect', 'version'), message: 'a version pattern is matched on the exposed value: set expose: true' });
    const bad = notRe2(e?.version ?? '');
    if (bad !== undefined) errors.push({ path: at('expect', 'version'), message: bad });
  }
  const badPattern = dim.source.kind === 'command' && dim.source.pattern !== undefined ? notRe2(dim.source.pattern) : undefined;
  if (badPattern !== undefined) errors.push({ path: at('source', 'pattern'), message: badPattern });
  const literal = (v: string | number | boolean, path: PropertyKey[]) => {
    const c = canonicalise(v, dim.type, dim.normalize);
    if (!c.ok) errors.push({ path, message: `${JSON.stringify(v)} is ${c.reason} (type: ${dim.type})` });
  };
  if (e?.equals !== undefined) literal(e.equals, at('expect', 'equals'));
  e?.oneOf?.forEach((v, j) => literal(v, at('expect', 'oneOf', j)));
  dim.allow.forEach((a, j) => {
    if (Object.values(a.where).every((v) => v === undefined))
      errors.push({ path: at('allow', j, 'where'), message: 'an allowance needs at least one of region, instanceType, pool' });
    const givesValues = a.equals !== undefined || a.oneOf !== undefined;
    if (kind === 'consistency' || kind === undefined)
      errors.push({ path: at('allow', j), message: `an allowance needs an equals, oneOf or range expectation to widen (got ${kind ?? 'none'})` });
    else if (givesValues === (a.range !== undefined)) errors.push({ path: at('allow', j), message: 'give exactly one of equals/oneOf or range' });
    else if (a.range !== undefined && kind !== 'range')
      errors.push({ path: at('allow', j, 'range'), message: `a range allowance needs expect.range (got ${kind})` });
    else if (givesValues && kind === 'range') errors.push({ path: at('allow', j), message: 'expect.range is widened with a range allowance, not values' });
    if (a.equals !== undefined) literal(a.equals, at('allow', j, 'equals'));
    a.oneOf?.forEach((v, k) => literal(v, at('allow', j, 'oneOf', k)));
  });
}

const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS };

/** Exceptions are governed: a ticket, an approver who is a listed person, a bounded lifetime. */
function checkGovernance(policy: Spec['settings']['exceptionPolicy'], e: Spec['exceptions'][number], now: number): RawProblem[] {
  const out: RawProblem[] = [];
  const pattern = policy.approverPattern !== undefined ? compileRe2(policy.approverPattern) : undefined;
  if (policy.approvers.length === 0 && pattern === undefined) {
    out.push({ path: ['approvedBy'], message: 'nobody may approve exceptions: set settings.exceptionPolicy.approvers or approverPattern' });
  } else if (!policy.approvers.includes(e.approvedBy) && !(pattern?.ok === true && fullMatch(pattern.re, e.approvedBy))) {
    out.push({ path: ['approvedBy'], message: `"${e.approvedBy}" is not a person allowed to approve exceptions (settings.exceptionPolicy)` });
  }
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(policy.maxLifetime);
  const maxMs = Number(m?.[1]) * (UNIT_MS[m?.[2] ?? 'd'] ?? DAY_MS);
  const from = e.approvedAt !== undefined ? Date.parse(e.approvedAt) : now;
  if (e.approvedAt !== undefined && from > now + DAY_MS) out.push({ path: ['approvedAt'], message: `approvedAt ${e.approvedAt} is in the future` });
  const lifetimeDays = (Date.parse(e.expiresAt) - from) / DAY_MS;
  if (Date.parse(e.expiresAt) - from > maxMs)
    out.push({
      path: ['expiresAt'],
      message: `exception ${e.ticket} lasts ${Math.ceil(lifetimeDays)} days from ${e.approvedAt !== undefined ? 'approval' : 'now'}, more than settings.exceptionPolicy.maxLifetime (${policy.maxLifetime})`,
    });
  return out;
}

/** An error message when `pattern` is not RE2 (what Prometheus and the exporter accept), else undefined. */
function notRe2(pattern: string): string | undefined {
  const c = compileRe2(pattern);
  return c.ok ? undefined : `not a valid RE2 regular expression (Prometheus rejects look-around and back-references): ${pattern} (${c.reason})`;
}
