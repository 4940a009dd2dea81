/** Minimal `--flag value` / `--switch` parsing with errors that name the flag. Pure. */

export type ParsedArgs = { ok: true; positional: string[]; flags: Record<string, string>; switches: Set<string> } | { ok: false; error: string };

/** `valued` flags take the next argument; `switches` take none; anything else is an error. */
export function parseArgs(argv: readonly string[], valued: readonly string[], switches: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  const on = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (switches.includes(name)) {
      if (inline !== undefined) return { ok: false, error: `--${name} takes no value` };
      on.add(name);
    } else if (valued.includes(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') return { ok: false, error: `--${name} needs a value` };
      flags[name] = v;
    } else {
      return { ok: false, error: `unknown option --${name}` };
    }
  }
  return { ok: true, positional, flags, switches: on };
}

/** Parses an RFC 3339 time (with an offset or `Z`) to Unix ms; `undefined` when invalid. */
export function parseRfc3339(s: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(s)) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Brokers from `--brokers` or `PLUMB_KAFKA_BROKERS` (comma-separated host:port). */
export function brokersFrom(flag: string | undefined, env: NodeJS.ProcessEnv): string[] | undefined {
  const raw = flag ?? env.PLUMB_KAFKA_BROKERS;
  if (!raw) return undefined;
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length > 0 && list.every((b) => /^[^\s:]+:\d+$/.test(b) || /^\[[0-9a-f:]+\]:\d+$/i.test(b)) ? list : undefined;
}
