/**
 * The `plumb` command: a thin dispatcher over one file per command.
 */
import { runCheck } from '@plumb/exporter/check';
import { runCompile } from './compile';
import { runDatadog } from './datadog';
import { runHash } from './hash';
import { runSalt } from './salt';
import { EXIT, type Io } from '@plumb/io';
import { runScrapeConfig } from './scrape-config';
import { runValidate } from './validate';

export const PLUMB_HELP = `usage: plumb <command> [options]

commands:
  validate <spec>               check a desired-state spec; errors and warnings apart
  compile <spec> --out <dir>    write Prometheus rules and a PrometheusRule (--target datadog: monitors)
  datadog sync|validate <spec>  push the spec's Datadog monitors (plumb datadog --help)
  scrape-config --region <r>    Prometheus scrape jobs for the exporters (Kubernetes and EMR)
  hash --dimension <key>        salted hash of a value read from stdin
  salt generate|check           make a fleet salt, or check one (plumb salt --help)
  check <spec>                  evaluate this machine's configuration against the spec
  audit ...                     audit-log tools (plumb audit --help)
  history ...                   history-of-record tools (plumb history --help)
  sim run|serve ...             fleet simulator and local stack (plumb sim --help)

Every command accepts --help and --json. Exit codes: 0 ok, 1 failed check or
invalid input, 2 bad usage, 3 partial report (check).
`;

const COMMANDS: Record<string, (argv: readonly string[], io: Io) => Promise<number>> = {
  validate: runValidate,
  compile: runCompile,
  'scrape-config': runScrapeConfig,
  datadog: runDatadog,
  hash: runHash,
  salt: runSalt,
  check: runCheck,
  // Loaded on first use: each pulls in its package's servers and clients.
  audit: async (argv, io) => (await import('@plumb/alertmanager-hooks/audit-cli')).runAuditCli([...argv], io.out, io.err),
  history: async (argv, io) => (await import('@plumb/history/cli')).runHistoryCli([...argv], { env: io.env as NodeJS.ProcessEnv, out: io.out, err: io.err }),
  sim: async (argv) => (await import('@plumb/sim/cli')).runSimCli([...argv]),
};

/** Runs `plumb <argv>` and returns the exit code. Faults are reported, not thrown. */
export async function runPlumb(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.err : io.out)(PLUMB_HELP);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    io.err(`plumb: unknown command "${command}"\n${PLUMB_HELP}`);
    return EXIT.usage;
  }
  try {
    return await run(rest, io);
  } catch (err) {
    // Only faults get here; messages of faults never contain collected values.
    io.err(`plumb ${command}: internal error: ${(err as Error).message}\n`);
    return 70;
  }
}
