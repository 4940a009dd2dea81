/**
 * `plumb audit …`: tools over the hash-chained audit log.
 *   plumb audit verify <file>   exit 0 when the chain is intact, 1 when tampered, 2 on bad usage
 */
import { readFileSync } from 'node:fs';
import { verifyChain } from '../audit/chain';

const USAGE = 'usage: plumb audit verify <audit.jsonl>';

/** Entry point the unified `plumb` CLI dispatches to. Returns the exit code. */
export async function runAuditCli(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  const [command, file, ...rest] = argv;
  if (command !== 'verify' || file === undefined || rest.length > 0) {
    err(`${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    err(`plumb audit verify: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return 2;
  }
  const verdict = verifyChain(text.split('\n'));
  if (verdict.ok) {
    out(`${file}: OK, ${verdict.records} records, chain head ${verdict.lastHash}\n`);
    return 0;
  }
  err(`${file}: TAMPERED at line ${verdict.line}: ${verdict.problem} (${verdict.records} records verified before it)\n`);
  return 1;
}
