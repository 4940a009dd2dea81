/**
 * `plumb-kafka-lag`: serves consumer-group lag as Prometheus metrics.
 *   plumb-kafka-lag --brokers h:p[,h:p] [--listen 127.0.0.1:9308] [--groups <regex>] [--kubernetes [--kubeconfig F]] [--host-map file.json]
 * `--kubernetes` maps a consumer's client host (pod IP) to the node its pod runs on through a
 * watch on pods; `--host-map` maps hosts statically ({"10.1.2.3": "ip-10-1-2-3…"}) and wins.
 */
import { readFile } from 'node:fs/promises';
import { kafkajsClient } from '../log/kafkajs-client';
import { kafkaSecurityFromProcessEnv } from '../log/security';
import type { LogAdmin } from '../log/port';
import { collectLag } from '../lag/collector';
import { createLagRegistry } from '../lag/metrics';
import { createMetricsServer } from '../lag/server';
import { brokersFrom, parseArgs } from './args';

const USAGE =
  'usage: plumb-kafka-lag --brokers host:port[,host:port] [--listen 127.0.0.1:9308] [--groups REGEX] [--kubernetes [--kubeconfig FILE]] [--host-map FILE]';

export async function runLagCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseArgs(argv, ['brokers', 'listen', 'groups', 'host-map', 'kubeconfig'], ['help', 'kubernetes']);
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
  // @kubernetes/client-node is large; only --kubernetes loads it.
  const pods = args.switches.has('kubernetes') ? await startPodWatch(args.flags.kubeconfig) : undefined;
  let admin: LogAdmin | undefined;
  const registry = createLagRegistry(async () => {
    admin ??= await client.admin();
    return collectLag(admin, { ...(groupPattern ? { groupPattern } : {}), resolveNode: (h) => hostMap[h] ?? pods?.resolve(h) ?? h });
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
  await pods?.stop();
  return 0;
}

async function startPodWatch(kubeconfig: string | undefined) {
  const { loadKubeConfig, watchPodNodes } = await import('../lag/pod-watch');
  return watchPodNodes(loadKubeConfig(kubeconfig), (err) =>
    process.stderr.write(`plumb-kafka-lag: pod watch: ${err instanceof Error ? err.message : String(err)}; retrying\n`),
  );
}

function usage(error?: string): number {
  process.stderr.write(`${error ? `plumb-kafka-lag: ${error}\n` : ''}${USAGE}\n`);
  return error ? 2 : 0;
}
