/**
 * Small PromQL building blocks. Everything the compiler writes into an expression goes
 * through these helpers, so quoting and regex escaping are done in one place.
 */

/** Quotes a label value as a PromQL string literal. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** Escapes a literal so that it matches itself inside a (RE2) regex matcher. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** A label matcher list, e.g. `{workload="x", hash=~"a|b"}`; matchers keep their given order. */
export type Matcher = readonly [label: string, op: '=' | '!=' | '=~' | '!~', value: string];

/** `metric{l1="v1", ...}`; an empty matcher list gives the bare metric name. */
export function selector(metric: string, matchers: readonly Matcher[]): string {
  if (matchers.length === 0) return metric;
  return `${metric}{${matchers.map(([l, op, v]) => `${l}${op}${quote(v)}`).join(', ')}}`;
}

/** Regex alternation of literals, sorted and deduplicated for deterministic output. */
export function anyOf(literals: readonly string[]): string {
  return [...new Set(literals)].sort().map(escapeRegex).join('|');
}

/** Indents every line after the first by `spaces`, for nesting multi-line sub-expressions. */
export function indent(expr: string, spaces = 2): string {
  const pad = ' '.repeat(spaces);
  return expr
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** `(a)\nor\n(b)` over several alternatives; one alternative is returned as is. */
export function orAll(parts: readonly string[]): string {
  if (parts.length === 1) return parts[0] ?? '';
  return parts.map((p) => `(\n${indent(p)}\n)`).join('\nor\n');
}

/** `series` with constant labels set (label_replace with an empty source always matches). */
export function withConstantLabels(series: string, labels: readonly (readonly [string, string])[]): string {
  return labels.reduce((s, [name, value]) => `label_replace(${s}, ${quote(name)}, ${quote(value)}, "", "")`, series);
}

/** Seconds in a Prometheus duration such as `5m` (only the forms the spec schema allows). */
export function durationSeconds(duration: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(duration);
  if (!m) throw new RangeError(`not a duration: ${duration}`);
  const n = Number(m[1]);
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return n * unit;
}
