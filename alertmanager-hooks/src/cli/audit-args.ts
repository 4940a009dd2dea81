/** Arguments of `plumb audit verify`. */
export const AUDIT_USAGE =
  'usage: plumb audit verify <audit.jsonl> [--checkpoints <file>] [--key-env VAR] [--no-checkpoints]\n' +
  '                          [--kafka-brokers host:port[,...] --chain-id ID [--checkpoint-topic plumb.audit-checkpoints]]';

export interface VerifyArgs {
  file: string;
  checkpoints: string | undefined;
  keyEnv: string | undefined;
  skipCheckpoints: boolean;
  /** Also check against the checkpoints published to Kafka for this chain. */
  kafka: { brokers: string[]; chainId: string; topic: string | undefined } | undefined;
}

const VALUED = ['--checkpoints', '--key-env', '--kafka-brokers', '--chain-id', '--checkpoint-topic'] as const;

export function parseVerifyArgs(argv: readonly string[]): VerifyArgs | undefined {
  const [command, file, ...rest] = argv;
  if (command !== 'verify' || file === undefined || file.startsWith('--')) return undefined;
  const flags = new Map<string, string>();
  let skipCheckpoints = false;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    if (flag === '--no-checkpoints') skipCheckpoints = true;
    else if ((VALUED as readonly string[]).includes(flag) && rest[i + 1] !== undefined) flags.set(flag, rest[++i]!);
    else return undefined;
  }
  const brokers = flags.get('--kafka-brokers');
  const chainId = flags.get('--chain-id');
  if ((brokers === undefined) !== (chainId === undefined)) return undefined;
  if (brokers === undefined && flags.has('--checkpoint-topic')) return undefined;
  return {
    file,
    checkpoints: flags.get('--checkpoints'),
    keyEnv: flags.get('--key-env'),
    skipCheckpoints,
    kafka:
      brokers === undefined || chainId === undefined
        ? undefined
        : { brokers: brokers.split(',').filter((b) => b !== ''), chainId, topic: flags.get('--checkpoint-topic') },
  };
}
