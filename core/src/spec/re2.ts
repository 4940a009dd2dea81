/**
 * Every spec regular expression is RE2, as in Prometheus: no look-around, no
 * back-references, and matching in time linear in the input. The validator, the
 * evaluator and the exporter all use this one engine (RE2JS, a pure-JS port of RE2),
 * so a pattern `plumb validate` accepts is one Prometheus accepts, and a hostile
 * command line cannot make the exporter backtrack.
 */
import { RE2JS } from 're2js';

export type Re2 = RE2JS;

export type Re2Compiled = { ok: true; re: Re2 } | { ok: false; reason: string };

/** Compiles an RE2 pattern; `multiline` makes `^` and `$` match at line breaks. */
export function compileRe2(pattern: string, opts: { multiline?: boolean } = {}): Re2Compiled {
  try {
    return { ok: true, re: RE2JS.compile(pattern, opts.multiline === true ? RE2JS.MULTILINE : 0) };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/** Whether the whole of `text` matches, as a Prometheus label matcher does (anchored). */
export function fullMatch(re: Re2, text: string): boolean {
  return re.matches(text);
}

/** Whether the pattern matches anywhere in `text`. */
export function findsIn(re: Re2, text: string): boolean {
  return re.matcher(text).find();
}

/** The first capture group of the first match (or the whole match when there is no group); undefined when none. */
export function firstGroup(re: Re2, text: string): string | undefined {
  const m = re.matcher(text);
  if (!m.find()) return undefined;
  return (re.groupCount() >= 1 ? m.group(1) : null) ?? m.group(0) ?? undefined;
}
