/**
 * `plumb history init`: creates Plumb's topics with their one-year retention, replication and
 * min-ISR. Idempotent: topics that exist are left alone and checked; a setting that differs
 * from the plan (say a retention shorter than a year) fails the command, because the history
 * of record would silently keep less than it must.
 */
import { kafkajsClient } from '../log/kafkajs-client';
import type { LogClient } from '../log/port';
import { kafkaSecurityFromProcessEnv } from '../log/security';
import { ensureTopics } from '../topics/ensure-topics';
import { ONE_YEAR_MS, type TopicSettings } from '../topics/topics';
import { brokersFrom, parseArgs } from './args';

export const INIT_USAGE = `usage: plumb history init [options]
  --brokers host:port[,...]     default $PLUMB_KAFKA_BROKERS; TLS/SASL from PLUMB_KAFKA_* (docs/history.md)
  --replication-factor N        default 3 (MSK); 1 for a single dev broker
  --min-insync-replicas N       default replication factor - 1 (2 on MSK)
  --retention-days D            default 365
  --topic NAME --audit-topic NAME --snapshot-topic NAME
  --checkpoint-topic NAME (compacted; default plumb.audit-checkpoints)
  --change-partitions N --audit-partitions N
exit codes: 0 topics exist as planned, 1 a topic differs from the plan or Kafka failed, 2 usage`;

export interface InitDeps {
  client?: LogClient;
  env?: NodeJS.ProcessEnv;
  out: (s: string) => void;
  err: (s: string) => void;
}

const INT_FLAGS = {
  'replication-factor': 'replicationFactor',
  'min-insync-replicas': 'minInsyncReplicas',
  'change-partitions': 'changePartitions',
  'audit-partitions': 'auditPartitions',
} as const;

export async function runHistoryInit(argv: string[], deps: InitDeps): Promise<number> {
  const usage = (msg: string): number => (deps.err(`plumb history init: ${msg}\n${INIT_USAGE}\n`), 2);
  const args = parseArgs(
    argv,
    ['brokers', 'topic', 'audit-topic', 'checkpoint-topic', 'snapshot-topic', 'retention-days', ...Object.keys(INT_FLAGS)],
    ['help'],
  );
  if (!args.ok) return usage(args.error);
  if (args.switches.has('help')) return (deps.out(`${INIT_USAGE}\n`), 0);
  if (args.positional.length > 0) return usage(`unexpected argument ${JSON.stringify(args.positional[0])}`);
  const settings: TopicSettings = { replicationFactor: 3 };
  for (const [flag, key] of Object.entries(INT_FLAGS)) {
    const v = args.flags[flag];
    if (v === undefined) continue;
    if (!/^\d+$/.test(v)) return usage(`--${flag} must be a positive integer, got ${JSON.stringify(v)}`);
    settings[key] = Number(v);
  }
  if (args.flags['retention-days'] !== undefined) {
    const days = Number(args.flags['retention-days']);
    if (!Number.isInteger(days) || days < 1)
      return usage(`--retention-days must be a whole number of days, got ${JSON.stringify(args.flags['retention-days'])}`);
    settings.retentionMs = days * 86_400_000;
  } else settings.retentionMs = ONE_YEAR_MS;
  if (args.flags.topic) settings.changeTopic = args.flags.topic;
  if (args.flags['audit-topic']) settings.auditTopic = args.flags['audit-topic'];
  if (args.flags['checkpoint-topic']) settings.checkpointTopic = args.flags['checkpoint-topic'];
  if (args.flags['snapshot-topic']) settings.snapshotTopic = args.flags['snapshot-topic'];

  let client = deps.client;
  if (!client) {
    const env = deps.env ?? process.env;
    const brokers = brokersFrom(args.flags.brokers, env);
    if (!brokers) return usage('--brokers (or PLUMB_KAFKA_BROKERS) must list host:port pairs');
    const security = kafkaSecurityFromProcessEnv(env);
    if (!security.ok) return usage(`Kafka settings: ${security.error}`);
    client = kafkajsClient({ brokers, clientId: 'plumb-history-init', security: security.security });
  }
  let admin;
  try {
    admin = await client.admin();
    const result = await ensureTopics(admin, settings);
    if (!result.ok) return usage(result.errors.join('; '));
    for (const t of result.created) deps.out(`created ${t}\n`);
    for (const t of result.existing) deps.out(`exists  ${t}\n`);
    for (const m of result.mismatches) deps.err(`plumb history init: ${m}\n`);
    return result.mismatches.length > 0 ? 1 : 0;
  } catch (e) {
    deps.err(`plumb history init: Kafka refused or is unreachable: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await admin?.close().catch(() => undefined);
  }
}
