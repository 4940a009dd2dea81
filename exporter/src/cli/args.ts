/**
 * Command-line options of plumb-exporter. Parsing is a value: bad input yields
 * a message naming the flag and what was expected.
 */
import { REPORT_AUTH_MODES, type ReportAuthMode } from '../reports/auth';
import { parseArgs } from 'node:util';
import type { Platform } from '@plumb/core/state/types';
import { commaList, stringOptions } from '@plumb/io';

export interface ExporterOptions {
  spec: string;
  host: string;
  port: number;
  root: string;
  /** Who may post reports (see reports/auth). */
  reportAuth: ReportAuthMode;
  /** Audience the pods' projected tokens must carry. */
  reportTokenAudience: string;
  /** Where processes are read; default `<root>/proc`. */
  procRoot?: string | undefined;
  intervalMs: number;
  jitter: number;
  reportTtlMs: number;
  node: string;
  region: string;
  instanceType: string;
  pool: string;
  platform: Platform;
  kubernetes: boolean;
  kubeconfig?: string | undefined;
  emrInstanceGroup?: string | undefined;
  workloads?: string[] | undefined;
  runCommands: boolean;
  inventory: boolean;
  once: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Kafka brokers for change events; without them events go to stdout as JSON lines. */
  kafkaBrokers?: string[] | undefined;
  /** Local spool for change events while Kafka is unreachable. */
  spoolPath: string;
}

export const USAGE = `usage: plumb-exporter --spec FILE [options]
  --spec FILE              desired-state spec (plumb/v1); env PLUMB_SPEC
  --listen HOST:PORT       where /metrics, /state, /healthz, /v1/report listen (default 0.0.0.0:9731)
  --root DIR               host filesystem root (default /; /host in a container)
  --proc-root DIR          where workload processes are read (default <root>/proc; /proc with host PID)
  --interval DURATION      collection interval, e.g. 30s (default 30s)
  --jitter RATIO           ± share of the interval, 0..0.5 (default 0.1)
  --report-ttl DURATION    default TTL of in-process reports (default 5m)
  --report-auth MODE       who may POST /v1/report: loopback (default), token (a pod's projected
                           service-account token, TokenReview, pod on this node; needs --kubernetes)
                           or token+loopback (loopback stays open)
  --report-token-audience A  audience of those tokens (default plumb-exporter)
  --node NAME              node name (default $NODE_NAME or the hostname)
  --region R --instance-type T --pool P --platform k8s|emr|host
  --kubernetes             read pods and node labels from the API server (default when $KUBERNETES_SERVICE_HOST and $NODE_NAME are set)
  --kubeconfig FILE        kubeconfig instead of the in-cluster service account
  --emr-instance-group G   EMR instance-group role of this VM (CORE, TASK)
  --workloads a,b          workload types on this node (default: detected from the spec's selectors)
  --no-commands            never run probe commands (java -version, rpm, spec commands)
  --inventory              print what the node has (keys and hashes, never values) and exit
  --once                   collect once, print /metrics text and exit
  --log-level LEVEL        debug, info, warn, error (default info)
  --kafka-brokers H:P,...  send change events to Kafka (topic plumb.config-changes); env PLUMB_KAFKA_BROKERS
  --spool FILE             where change events wait while Kafka is down (default /var/lib/plumb-exporter/changes.spool)`;

export type ParsedOptions = { ok: true; options: ExporterOptions } | { ok: false; error: string } | { ok: 'help' };

export function parseExporterArgs(argv: string[], env: Readonly<Record<string, string | undefined>>, hostname: string): ParsedOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        ...stringOptions('spec', 'listen', 'root', 'proc-root', 'interval', 'jitter', 'report-ttl', 'report-auth', 'report-token-audience'),
        ...stringOptions('node', 'region', 'instance-type', 'pool', 'platform'),
        ...stringOptions('kubeconfig', 'emr-instance-group', 'workloads', 'log-level', 'kafka-brokers', 'spool'),
        kubernetes: { type: 'boolean' },
        'no-commands': { type: 'boolean' },
        inventory: { type: 'boolean' },
        once: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  if (values.help) return { ok: 'help' };
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const spec = str('spec') ?? env.PLUMB_SPEC;
  if (!spec) return { ok: false, error: '--spec is required (or set PLUMB_SPEC)' };
  const listen = /^(.*):(\d{1,5})$/.exec(str('listen') ?? '0.0.0.0:9731');
  if (!listen || Number(listen[2]) > 65535) return { ok: false, error: '--listen: expected HOST:PORT, e.g. 0.0.0.0:9731' };
  const interval = durationMs(str('interval') ?? '30s');
  if (interval === undefined || interval < 1000) return { ok: false, error: '--interval: expected a duration of at least 1s, e.g. 30s' };
  const ttl = durationMs(str('report-ttl') ?? '5m');
  if (ttl === undefined || ttl < 5000) return { ok: false, error: '--report-ttl: expected a duration of at least 5s, e.g. 5m' };
  const jitter = Number(str('jitter') ?? '0.1');
  if (!Number.isFinite(jitter) || jitter < 0 || jitter > 0.5) return { ok: false, error: '--jitter: expected a number between 0 and 0.5' };
  const platform = str('platform') ?? (env.KUBERNETES_SERVICE_HOST ? 'k8s' : 'host');
  if (!['k8s', 'emr', 'host'].includes(platform)) return { ok: false, error: '--platform: expected k8s, emr or host' };
  const logLevel = str('log-level') ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) return { ok: false, error: '--log-level: expected debug, info, warn or error' };
  const brokersText = str('kafka-brokers') ?? env.PLUMB_KAFKA_BROKERS;
  const brokers = brokersText === undefined ? undefined : commaList(brokersText);
  if (brokers !== undefined && (brokers.length === 0 || brokers.some((b) => !/^[^\s:]+:\d{1,5}$/.test(b))))
    return { ok: false, error: '--kafka-brokers: expected HOST:PORT[,HOST:PORT...], e.g. b-1.msk.internal:9092' };
  const workloadsText = str('workloads');
  const kubernetes = values.kubernetes === true || (env.KUBERNETES_SERVICE_HOST !== undefined && env.NODE_NAME !== undefined);
  const reportAuth = str('report-auth') ?? 'loopback';
  if (!(REPORT_AUTH_MODES as readonly string[]).includes(reportAuth)) return { ok: false, error: `--report-auth: expected ${REPORT_AUTH_MODES.join(', ')}` };
  if (reportAuth !== 'loopback' && !kubernetes)
    return { ok: false, error: `--report-auth ${reportAuth} checks pod tokens with the API server: add --kubernetes` };
  return {
    ok: true,
    options: {
      spec,
      host: (listen[1] as string).replace(/^\[|\]$/g, '') || '0.0.0.0',
      port: Number(listen[2]),
      root: str('root') ?? '/',
      procRoot: str('proc-root'),
      reportAuth: reportAuth as ReportAuthMode,
      reportTokenAudience: str('report-token-audience') ?? 'plumb-exporter',
      intervalMs: interval,
      jitter,
      reportTtlMs: ttl,
      node: str('node') ?? env.NODE_NAME ?? hostname,
      region: str('region') ?? env.PLUMB_REGION ?? env.AWS_REGION ?? 'unknown',
      instanceType: str('instance-type') ?? env.PLUMB_INSTANCE_TYPE ?? 'unknown',
      pool: str('pool') ?? env.PLUMB_POOL ?? 'unknown',
      platform: platform as Platform,
      kubernetes,
      kubeconfig: str('kubeconfig'),
      emrInstanceGroup: str('emr-instance-group') ?? env.PLUMB_EMR_INSTANCE_GROUP,
      workloads: workloadsText === undefined ? undefined : commaList(workloadsText),
      runCommands: values['no-commands'] !== true,
      inventory: values.inventory === true,
      once: values.once === true,
      logLevel: logLevel as ExporterOptions['logLevel'],
      kafkaBrokers: brokers,
      spoolPath: str('spool') ?? '/var/lib/plumb-exporter/changes.spool',
    },
  };
}

/** `30s`, `5m`, `1h`, `500ms` → milliseconds. */
export function durationMs(text: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}
