/**
 * `plumb scrape-config --region R`: prints (or writes) the Prometheus scrape jobs for
 * plumb-exporter on Kubernetes and on EMR, identity relabelled from service discovery.
 */
import { writeFileSync } from 'node:fs';
import { renderScrapeConfig } from '@plumb/core/deploy/scrape-config';
import { EXIT, commaList, parseCommandArgs, str, stringOptions, usageError, type Io } from '@plumb/io';

export const SCRAPE_CONFIG_HELP = `usage: plumb scrape-config --region <aws-region> [options]

Prints the Prometheus scrape_configs for plumb-exporter: kubernetes_sd_configs for the
chart's DaemonSet and ec2_sd_configs for EMR instances. node, region, instance_type, pool
and platform are set from discovery. Paste under scrape_configs: in prometheus.yml.
  --region R           AWS region of this Prometheus, e.g. eu-west-1 (required)
  --namespace NS       namespace of the Helm release (default plumb)
  --release NAME       Helm release name (default plumb)
  --emr-clusters IDS   comma-separated EMR cluster ids (default: every EMR cluster in the region)
  --port P             exporter port (default 9731)
  --interval D         scrape interval (default 30s)
  --out FILE           write to FILE instead of stdout
`;

export async function runScrapeConfig(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    ...stringOptions('region', 'namespace', 'release', 'emr-clusters', 'port', 'interval'),
    out: { type: 'string', short: 'o' },
  });
  if (!args.ok) return usage(io, args.error);
  if (args.values.help) return (io.out(SCRAPE_CONFIG_HELP), EXIT.ok);
  if (args.positionals.length > 0) return usage(io, `unexpected argument ${args.positionals[0]}`);
  const region = str(args.values, 'region');
  if (region === undefined || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) return usage(io, '--region: expected an AWS region, e.g. eu-west-1');
  const port = Number(str(args.values, 'port') ?? '9731');
  if (!Number.isInteger(port) || port < 1 || port > 65535) return usage(io, '--port: expected a port number, e.g. 9731');
  const interval = str(args.values, 'interval') ?? '30s';
  if (!/^\d+(ms|s|m|h)$/.test(interval)) return usage(io, '--interval: expected a duration, e.g. 30s');
  const emrClusters = commaList(str(args.values, 'emr-clusters') ?? '');
  const bad = emrClusters.find((c) => !/^j-[A-Z0-9]+$/.test(c));
  if (bad !== undefined) return usage(io, `--emr-clusters: ${JSON.stringify(bad)} is not an EMR cluster id (j-XXXXXXXX)`);
  const text = renderScrapeConfig({
    region,
    namespace: str(args.values, 'namespace') ?? 'plumb',
    release: str(args.values, 'release') ?? 'plumb',
    emrClusters,
    port,
    interval,
  });
  const out = str(args.values, 'out');
  if (out === undefined) return (io.out(text), EXIT.ok);
  try {
    writeFileSync(out, text);
  } catch (err) {
    io.err(`plumb scrape-config: cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

function usage(io: Io, message: string): number {
  return usageError(io, { name: 'scrape-config', help: SCRAPE_CONFIG_HELP }, message);
}
