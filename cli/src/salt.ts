/**
 * `plumb salt generate|check`: makes a fleet salt (32 random bytes, hex) and checks an
 * existing one with the rules every command applies when it loads one. The salt is
 * written to a new file (mode 0600, never overwritten) or to stdout; `check` never
 * prints it.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { EXIT, type Io, loadSalt, parseCommandArgs, str, usageError } from '@plumb/io';

export const SALT_HELP = `usage: plumb salt generate [--out <file>]
       plumb salt check [--salt-file <file>] [--env <VAR>]

generate  prints a new fleet salt (32 random bytes as 64 hex characters), or writes
          it to a new file with mode 0600 (an existing file is never overwritten)
check     loads a salt as exporters and the compiler do (file, else env var, default
          PLUMB_SALT) and says whether it is accepted: at least 16 bytes and about 128
          bits of estimated entropy (no words, runs, sequences or repeated chunks)

exit codes: 0 ok, 1 salt rejected, 2 bad usage
`;

const SALT = { name: 'salt', help: SALT_HELP };

export async function runSalt(argv: readonly string[], io: Io): Promise<number> {
  const [action, ...rest] = argv;
  const args = parseCommandArgs(rest, { out: { type: 'string' }, 'salt-file': { type: 'string' }, env: { type: 'string' } });
  if (!args.ok) return usageError(io, SALT, args.error);
  if (action === undefined || action === '--help' || action === '-h' || args.values.help) {
    io.out(SALT_HELP);
    return EXIT.ok;
  }
  if (action === 'generate') return generate(str(args.values, 'out'), io);
  if (action === 'check') {
    const file = str(args.values, 'salt-file');
    const loaded = loadSalt({ file, env: str(args.values, 'env') ?? (file === undefined ? 'PLUMB_SALT' : undefined) }, io.env as NodeJS.ProcessEnv);
    if (!loaded.ok) {
      io.err(`plumb salt check: ${loaded.reason}\n`);
      return EXIT.failed;
    }
    io.out(`salt from ${loaded.from} is accepted\n`);
    return EXIT.ok;
  }
  return usageError(io, SALT, `unknown action "${action}" (expected generate or check)`);
}

function generate(out: string | undefined, io: Io): number {
  const salt = randomBytes(32).toString('hex');
  if (out === undefined) {
    io.out(`${salt}\n`);
    return EXIT.ok;
  }
  try {
    writeFileSync(out, `${salt}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return usageError(io, SALT, code === 'EEXIST' ? `${out} exists; a salt file is never overwritten` : `cannot write ${out}: ${code}`);
  }
  io.out(`wrote a new fleet salt to ${out} (mode 0600)\n`);
  return EXIT.ok;
}
