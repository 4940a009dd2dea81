/**
 * `plumb audit …`: tools over the hash-chained audit log.
 *   plumb audit verify <file> [--checkpoints <file>] [--key-env VAR] [--no-checkpoints]
 *                             [--kafka-brokers h:p,... --chain-id ID [--checkpoint-topic T]]
 * Exit 0 when the chain is intact and matches its checkpoints (the file's and,
 * when asked, Kafka's), 1 when it was tampered with or its checkpoints are
 * missing or unreadable, 2 on bad usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { verifyCheckpoints } from '@plumb/history/audit/checkpoint';
import { verifyChain } from '../audit/chain';
import { checkpointPath } from '../audit/checkpoint-file';
import { AUDIT_USAGE, parseVerifyArgs, type VerifyArgs } from './audit-args';

/** The checkpoints of one chain in Kafka, as JSON lines; throws when Kafka cannot be read. */
async function kafkaCheckpoints(kafka: NonNullable<VerifyArgs['kafka']>, env: NodeJS.ProcessEnv): Promise<string[]> {
  const { kafkajsClient } = await import('@plumb/history/log/kafkajs-client');
  const { kafkaSecurityFromProcessEnv } = await import('@plumb/history/wire');
  const { readCheckpoints } = await import('@plumb/history/audit/checkpoint-wire');
  const { AUDIT_CHECKPOINT_TOPIC } = await import('@plumb/history/topics/topics');
  const security = kafkaSecurityFromProcessEnv(env);
  if (!security.ok) throw new Error(`Kafka settings: ${security.error}`);
  const client = kafkajsClient({ brokers: kafka.brokers, clientId: 'plumb-audit-verify', connectRetries: 2, security: security.security });
  const { byChain } = await readCheckpoints(client, kafka.topic ?? AUDIT_CHECKPOINT_TOPIC);
  return byChain.get(kafka.chainId) ?? [];
}

/** Entry point the unified `plumb` CLI dispatches to. Returns the exit code. */
export async function runAuditCli(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const args = parseVerifyArgs(argv);
  if (args === undefined) {
    err(`${AUDIT_USAGE}\n`);
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
  const hashes = new Map<number, string>();
  for (const l of lines)
    if (l.trim() !== '') {
      const r = JSON.parse(l) as { seq: number; hash: string };
      hashes.set(r.seq, r.hash);
    }
  const anchors: string[] = [];
  const cpFile = args.checkpoints ?? checkpointPath(file);
  if (existsSync(cpFile)) {
    const cp = verifyCheckpoints(readFileSync(cpFile, 'utf8').split('\n'), hashes, key);
    if (!cp.ok) {
      err(`${file}: TAMPERED: ${cp.problem} (checkpoints ${cpFile})\n`);
      return 1;
    }
    anchors.push(`${cp.checked} checkpoints${key ? ' (signatures valid)' : ''} up to seq ${cp.highestSeq} match`);
  } else if (args.kafka === undefined) {
    // Fail closed: without its anchor the chain cannot show that nothing was cut off or rewritten.
    err(
      `${file}: UNANCHORED: no checkpoints at ${cpFile}; a deleted tail or a re-linked rewrite cannot be ruled out (--no-checkpoints to check the chain alone)\n`,
    );
    return 1;
  }
  if (args.kafka !== undefined) {
    const where = `chain ${args.kafka.chainId} in Kafka`;
    let kafkaLines: string[];
    try {
      kafkaLines = await kafkaCheckpoints(args.kafka, env);
    } catch (e) {
      err(`${file}: UNVERIFIED: cannot read the checkpoints of ${where}: ${(e as Error).message}\n`);
      return 1;
    }
    if (kafkaLines.length === 0) {
      err(`${file}: UNANCHORED: Kafka holds no checkpoint of ${where}\n`);
      return 1;
    }
    const cp = verifyCheckpoints(kafkaLines, hashes, key);
    if (!cp.ok) {
      err(`${file}: TAMPERED: ${cp.problem} (checkpoints of ${where})\n`);
      return 1;
    }
    anchors.push(`${cp.checked} Kafka checkpoints${key ? ' (signatures valid)' : ''} up to seq ${cp.highestSeq} match`);
  }
  out(`${file}: OK, ${verdict.records} records, chain head ${verdict.lastHash}; ${anchors.join('; ')}\n`);
  return 0;
}
