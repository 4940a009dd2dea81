/**
 * Option parsing for one command, with failures as values that name the option.
 */
import { parseArgs } from 'node:util';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

export type Parsed = { ok: true; positionals: string[]; values: Record<string, string | boolean | string[] | undefined> } | { ok: false; error: string };

/** Parses `argv` strictly against `options`; `--help` and `--json` are always accepted. */
export function parseCommandArgs(argv: readonly string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' }, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { ok: true, positionals, values: values as Record<string, string | boolean | string[] | undefined> };
  } catch (err) {
    return { ok: false, error: (err as Error).message.replace(/\. To specify a positional argument.*$/s, '') };
  }
}

/** A string option, or undefined. */
export function str(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}
