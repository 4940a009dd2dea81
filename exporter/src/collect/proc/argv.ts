/**
 * Settings on a command line (pure): Spark's `--conf k=v` (also `--conf=k=v` and
 * `-c k=v`) and JVM system properties `-Dk=v`. Later occurrences win, as in
 * spark-submit and the JVM.
 */

/** `--conf k=v`, `--conf=k=v` and `-c k=v` pairs, in order. */
export function confPairs(argv: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const pair = arg === '--conf' || arg === '-c' ? argv[++i] : arg.startsWith('--conf=') ? arg.slice('--conf='.length) : undefined;
    if (pair === undefined) continue;
    const eq = pair.indexOf('=');
    if (eq > 0) out.push([pair.slice(0, eq), pair.slice(eq + 1)]);
  }
  return out;
}

/** `-Dk=v` JVM flags, in order; a bare `-Dk` is `k=""`, as `System.getProperty` reads it. */
export function jvmProperties(argv: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const arg of argv) {
    if (!arg.startsWith('-D') || arg.length < 3) continue;
    const eq = arg.indexOf('=');
    out.push(eq < 0 ? [arg.slice(2), ''] : [arg.slice(2, eq), arg.slice(eq + 1)]);
  }
  return out;
}

/** The effective value of `name` among `pairs`: the last one. */
export function lastValue(pairs: readonly [string, string][], name: string): string | undefined {
  let found: string | undefined;
  for (const [k, v] of pairs) if (k === name) found = v;
  return found;
}
