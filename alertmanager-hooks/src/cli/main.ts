/**
 * plumb-hooks entry point: `plumb-hooks --config <file>`. Parses argv, loads
 * the config and starts the handler; everything else lives in `server.ts`.
 */
import { loadConfigFile } from '../config/load';
import { startHandler } from '../server';
import { lastAuditRecord } from '../audit/log';

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
  const config = loaded.config;
  let secondaryAuditSink;
  if (config.auditKafka) {
    // The Kafka chain continues from the local file's last record, so both tell one story.
    const { createKafkaAuditSink } = await import('@plumb/history/wire');
    const last = lastAuditRecord(config.auditPath);
    try {
      secondaryAuditSink = await createKafkaAuditSink({
        brokers: config.auditKafka.brokers,
        topic: config.auditKafka.topic,
        chainId: config.replica,
        ...(last ? { resumeFrom: last } : {}),
      });
    } catch (err) {
      process.stderr.write(
        `plumb-hooks: cannot connect the Kafka audit sink (auditKafka.brokers ${config.auditKafka.brokers.join(',')}): ${(err as Error).name}\n`,
      );
      return 2;
    }
  }
  const started = await startHandler(config, secondaryAuditSink ? { secondaryAuditSink } : {});
  if (!started.ok) {
    process.stderr.write(`plumb-hooks: cannot start\n${started.errors.map((e) => `  ${e}`).join('\n')}\n`);
    return 2;
  }
  const { handler } = started;
  process.stderr.write(`plumb-hooks: listening on ${handler.url} (replica ${loaded.config.replica})\n`);
  await new Promise<void>((resolve) => {
    const shutdown = () => resolve();
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
  await handler.stop();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
