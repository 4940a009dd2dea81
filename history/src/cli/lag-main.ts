/**
 * `plumb-kafka-lag`: serves consumer-group lag as Prometheus metrics.
 *   plumb-kafka-lag --brokers h:p[,h:p] [--listen 127.0.0.1:9308] [--groups <regex>] [--host-map file.json]
 * `--host-map` maps a consumer's client host (pod IP) to a node name: {"10.1.2.3": "ip-10-1-2-3…"}.
 */
import { readFile } from 'node:fs/promises';
import { kafkajsClient } from '../log/kafkajs-client';
import { kafkaSecurityFromProcessEnv } from '../log/security';
import type { LogAdmin } from '../log/port';
import { collectLag } from '../lag/collector';
import { createLagRegistry } from '../lag/metrics';
import { createMetricsServer } from '../lag/server';
import { brokersFrom, parseArgs } from './args';

const USAGE = 'usage: plumb-kafka-lag --brokers host:port[,host:port] [--listen 127.0.0.1:9308] [--groups REGEX] [--host-map FILE]';

export async function runLagCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseArgs(argv, ['brokers', 'listen', 'groups', 'host-map'], ['help']);
  if (!args.ok) return usage(args.error);
  if (args.switches.has('help')) return usage();
  const brokers = brokersFrom(args.flags.brokers, env);
  if (!brokers) return usage('--brokers (or PLUMB_KAFKA_BROKERS) must list host:port pairs');
  const listen = /^(.+):(\d+)$/.exec(args.flags.listen ?? '127.0.0.1:9308');
  if (!listen) return usage(`--listen must be host:port, got ${args.flags.listen ?? ''}`);
  let groupPattern: RegExp | undefined;
  try {
    groupPattern = args.flags.groups ? new RegExp(args.flags.groups) : undefined;
  } catch {
    return usage(`--groups is not a valid regular expression: ${args.flags.groups ?? ''}`);
  }
  let hostMap: Record<string, string> = {};
  if (args.flags['host-map']) {
    try {
      hostMap = JSON.parse(await readFile(args.flags['host-map'], 'utf8')) as Record<string, string>;
    } catch (err) {
      return usage(`--host-map ${args.flags['host-map']}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const security = kafkaSecurityFromProcessEnv(env);
  if (!security.ok) return usage(`Kafka settings: ${security.error}`);
  const client = kafkajsClient({ brokers, clientId: 'plumb-kafka-lag', security: security.security });
  let admin: LogAdmin | undefined;
  const registry = createLagRegistry(async () => {
    admin ??= await client.admin();
    return collectLag(admin, { ...(groupPattern ? { groupPattern } : {}), resolveNode: (h) => hostMap[h] ?? h });
  });
  const server = createMetricsServer(registry);
  await new Promise<void>((resolve) => server.listen(Number(listen[2]), (listen[1] as string).replace(/^\[|\]$/g, ''), resolve));
  process.stdout.write(`plumb-kafka-lag serving http://${args.flags.listen ?? '127.0.0.1:9308'}/metrics\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close(() => resolve());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await admin?.close().catch(() => undefined);
  return 0;
}

function usage(error?: string): number {
  process.stderr.write(`${error ? `plumb-kafka-lag: ${error}\n` : ''}${USAGE}\n`);
  return error ? 2 : 0;
}
