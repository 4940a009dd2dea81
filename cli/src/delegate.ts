/**
 * `plumb audit …`, `plumb history …` and `plumb sim …` live in other packages. They are loaded on
 * demand, so the core CLI works where those packages are not installed.
 */
import { EXIT, type Io } from '@plumb/io';

type SubCli = (argv: string[]) => Promise<number>;

/** Where each delegated command lives (relative to this file) and its entry point. */
export const DELEGATES: Record<string, { module: string; entry: string }> = {
  audit: { module: '../../alertmanager-hooks/src/cli/audit.ts', entry: 'runAuditCli' },
  history: { module: '../../history/src/cli/history.ts', entry: 'runHistoryCli' },
  sim: { module: '../../sim/src/cli.ts', entry: 'runSimCli' },
};

/** Runs a delegated command; "not available" is exit 2 with an explanation, never a crash. */
export async function runDelegate(command: string, argv: readonly string[], io: Io, table: Record<string, { module: string; entry: string }> = DELEGATES): Promise<number> {
  const target = table[command];
  if (target === undefined) return EXIT.usage;
  let mod: Record<string, unknown>;
  try {
    // A computed specifier keeps the other packages out of this package's type-check and bundle.
    mod = (await import(new URL(target.module, import.meta.url).href)) as Record<string, unknown>;
  } catch (err) {
    io.err(`plumb ${command}: not available in this installation (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})\n`);
    return EXIT.usage;
  }
  const entry = mod[target.entry];
  if (typeof entry !== 'function') {
    io.err(`plumb ${command}: not available in this installation (${target.entry} is not exported)\n`);
    return EXIT.usage;
  }
  return (entry as SubCli)([...argv]);
}
