/**
 * `plumb audit …`: tools over the hash-chained audit log.
 *   plumb audit verify <file> [--checkpoints <file>] [--key-env VAR] [--no-checkpoints]
 * Exit 0 when the chain is intact and matches its checkpoints, 1 when it was
 * tampered with (or its checkpoints are missing), 2 on bad usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { verifyChain } from '../audit/chain';
import { checkpointPath, verifyCheckpoints } from '../audit/checkpoint';

const USAGE = 'usage: plumb audit verify <audit.jsonl> [--checkpoints <file>] [--key-env VAR] [--no-checkpoints]';

interface VerifyArgs {
  file: string;
  checkpoints: string | undefined;
  keyEnv: string | undefined;
  skipCheckpoints: boolean;
}

function parseArgs(argv: readonly string[]): VerifyArgs | undefined {
  const [command, file, ...rest] = argv;
  if (command !== 'verify' || file === undefined || file.startsWith('--')) return undefined;
  const args: VerifyArgs = { file, checkpoints: undefined, keyEnv: undefined, skipCheckpoints: false };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (flag === '--no-checkpoints') args.skipCheckpoints = true;
    else if ((flag === '--checkpoints' || flag === '--key-env') && rest[i + 1] !== undefined) {
      if (flag === '--checkpoints') args.checkpoints = rest[++i];
      else args.keyEnv = rest[++i];
    } else return undefined;
  }
  return args;
}

/** Entry point the unified `plumb` CLI dispatches to. Returns the exit code. */
export async function runAuditCli(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const args = parseArgs(argv);
  if (args === undefined) {
    err(`${USAGE}\n`);
    return 2;
  }
  const { file } = args;
  const key = args.keyEnv === undefined ? undefined : env[args.keyEnv];
  if (args.keyEnv !== undefined && (key === undefined || key === '')) {
    err(`plumb audit verify: --key-env ${args.keyEnv}: the variable is not set\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    err(`plumb audit verify: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return 2;
  }
  const lines = text.split('\n');
  const verdict = verifyChain(lines);
  if (!verdict.ok) {
    err(`${file}: TAMPERED at line ${verdict.line}: ${verdict.problem} (${verdict.records} records verified before it)\n`);
    return 1;
  }
  if (args.skipCheckpoints) {
    out(
      `${file}: OK, ${verdict.records} records, chain head ${verdict.lastHash} (checkpoints not checked: a deleted tail or a re-linked rewrite would pass)\n`,
    );
    return 0;
  }
  const cpFile = args.checkpoints ?? checkpointPath(file);
  if (!existsSync(cpFile)) {
    // Fail closed: without its anchor the chain cannot show that nothing was cut off or rewritten.
    err(
      `${file}: UNANCHORED: no checkpoints at ${cpFile}; a deleted tail or a re-linked rewrite cannot be ruled out (--no-checkpoints to check the chain alone)\n`,
    );
    return 1;
  }
  const hashes = new Map<number, string>();
  for (const l of lines)
    if (l.trim() !== '') {
      const r = JSON.parse(l) as { seq: number; hash: string };
      hashes.set(r.seq, r.hash);
    }
  const cp = verifyCheckpoints(readFileSync(cpFile, 'utf8').split('\n'), hashes, key);
  if (!cp.ok) {
    err(`${file}: TAMPERED: ${cp.problem} (checkpoints ${cpFile})\n`);
    return 1;
  }
  out(
    `${file}: OK, ${verdict.records} records, chain head ${verdict.lastHash}; ${cp.checked} checkpoints${key ? ' (signatures valid)' : ''} up to seq ${cp.highestSeq} match\n`,
  );
  return 0;
}
