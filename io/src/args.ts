/**
 * Option parsing for one command, with failures as values that name the option.
 */
import { parseArgs } from 'node:util';
import { EXIT, type Io } from './io';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export type Parsed = { ok: true; positionals: string[]; values: OptionValues } | { ok: false; error: string };

/** Parses `argv` strictly against `options`; `--help` and `--json` are always accepted. */
export function parseCommandArgs(argv: readonly string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' }, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { ok: true, positionals, values: values as OptionValues };
  } catch (err) {
    return { ok: false, error: (err as Error).message.replace(/\. To specify a positional argument.*$/s, '') };
  }
}

/** String options by name: `stringOptions('region', 'pool')` is `{ region: { type: 'string' }, pool: { type: 'string' } }`. */
export function stringOptions(...names: readonly string[]): Record<string, { type: 'string' }> {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));
}

/** `a, b,,c` → `['a', 'b', 'c']`: the items of a comma-separated option, trimmed, empty ones dropped. */
export function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A string option, or undefined. */
export function str(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** The command's name and help text, for usage errors and `--help`. */
export interface CommandHelp {
  name: string;
  help: string;
}

/** Writes `plumb <name>: <message>` and the help to stderr; returns the usage exit code. */
export function usageError(io: Io, command: CommandHelp, message: string): number {
  io.err(`plumb ${command.name}: ${message}\n${command.help}`);
  return EXIT.usage;
}

export type SpecCommand = { ok: true; file: string; values: OptionValues } | { ok: false; exitCode: number };

/**
 * Parses a command that takes exactly one `<spec.yaml>`: bad usage and `--help` are
 * answered here, so the command only sees a file and its options.
 */
export function parseSpecCommand(argv: readonly string[], options: OptionSpec, command: CommandHelp, io: Io): SpecCommand {
  const args = parseCommandArgs(argv, options);
  if (!args.ok) return { ok: false, exitCode: usageError(io, command, args.error) };
  if (args.values.help) {
    io.out(command.help);
    return { ok: false, exitCode: EXIT.ok };
  }
  const [file, ...extra] = args.positionals;
  if (file === undefined) return { ok: false, exitCode: usageError(io, command, 'missing <spec.yaml>') };
  if (extra.length > 0) return { ok: false, exitCode: usageError(io, command, `unexpected argument ${extra[0]}`) };
  return { ok: true, file, values: args.values };
}
