/**
 * plumb-hooks entry point: `plumb-hooks --config <file>`. Parses argv, loads
 * the config and starts the handler; everything else lives in `server.ts`.
 */
import { loadConfigFile } from '../config/load';
import { startHandler } from '../server';
import type { KafkaSecurity } from '@plumb/history/log/security';
import { withReplicaFromEnv } from '../config/replica-from-env';

const USAGE = 'usage: plumb-hooks --config <plumb-hooks.yaml>';

export async function main(argv: string[]): Promise<number> {
  const i = argv.indexOf('--config');
  const path = i >= 0 ? argv[i + 1] : undefined;
  if (path === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const loaded = loadConfigFile(path);
  if (!loaded.ok) {
    process.stderr.write(`plumb-hooks: invalid configuration\n${loaded.errors.map((e) => `  ${e}`).join('\n')}\n`);
    return 2;
  }
  const config = withReplicaFromEnv(loaded.config, process.env);
  const kafka = config.auditKafka;
  let security: KafkaSecurity | undefined;
  if (kafka) {
    const { kafkaSecurityFromProcessEnv } = await import('@plumb/history/wire');
    const read = kafkaSecurityFromProcessEnv(process.env);
    if (!read.ok) {
      process.stderr.write(`plumb-hooks: Kafka settings: ${read.error}\n`);
      return 2;
    }
    security = read.security;
  }
  // The Kafka chain continues from the last record Kafka acknowledged; the local file holds the rest.
  // Connecting is part of forwarding: Kafka down at start delays the copy, not the handler.
  const auditSink = kafka
    ? async (from: { seq: number; hash: string } | undefined) => {
        const { createKafkaAuditSink } = await import('@plumb/history/wire');
        return createKafkaAuditSink({
          brokers: kafka.brokers,
          topic: kafka.topic,
          checkpointTopic: kafka.checkpointTopic,
          chainId: config.replica,
          ...(security ? { security } : {}),
          ...(from ? { resumeFrom: from } : {}),
        });
      }
    : undefined;
  const started = await startHandler(config, auditSink ? { auditSink } : {});
  if (!started.ok) {
    process.stderr.write(`plumb-hooks: cannot start\n${started.errors.map((e) => `  ${e}`).join('\n')}\n`);
    return 2;
  }
  const { handler } = started;
  process.stderr.write(`plumb-hooks: listening on ${handler.url} (replica ${config.replica})\n`);
  await new Promise<void>((resolve) => {
    const shutdown = () => resolve();
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
  await handler.stop();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
