/**
 * plumb-exporter entry point: wires options, spec, salt, collectors, the HTTP
 * server and the collection schedule together. No logic of its own.
 */
import { registerChangeSinkMetrics } from '@plumb/history/change/change-sink-metrics';
import type { ChangeSinkStats } from '@plumb/history/change/change-sink';
import { hostname } from 'node:os';
import { formatProblem } from '@plumb/core/spec/problems';
import { loadSpecFile, loadSalt } from '@plumb/io';
import type { CollectContext, Collector } from './collect/readings';
import type { ChangeEvent, EventSink } from '@plumb/core/state/events';
import type { NodeIdentity } from '@plumb/core/state/types';
import { parseExporterArgs, USAGE, type ExporterOptions } from './cli/args';
import { createExporterServer } from './http/server';
import { createReportAuthorizer, type ReportAuthorizer } from './reports/auth';
import { takeInventory } from './inventory';
import type { KubernetesCollector } from './kubernetes/collector';
import { identityFromNodeLabels } from './kubernetes/node-labels';
import { createJsonLogger, type Logger } from './log';
import { createExporterRegistry } from './metrics/registry';
import { createReportsCollector } from './reports/collector';
import { ReportStore } from './reports/store';
import { createExporter } from './runtime/exporter';
import { startSchedule } from './runtime/schedule';
import { registerStreamingMetrics, registerSymptomMetrics } from './symptoms/metrics';
import { SYMPTOMS_PATH, symptomsRoute } from './symptoms/route';
import { SymptomStore } from './symptoms/store';
import { StreamingProgressStore } from './symptoms/streaming';
import { createJsonLinesSink } from './sinks/stdout';
import { EXPORTER_VERSION } from './version';

export interface MainIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Replaces the default JSON-lines change sink (e.g. Kafka). */
  sink?: EventSink<ChangeEvent>;
  logger?: Logger;
  /** Resolves when the process should stop; default: SIGTERM or SIGINT. */
  stopSignal?: Promise<void>;
  onListening?: (port: number) => void;
}

/** Runs the exporter; resolves with the exit code. */
export async function main(argv: string[], io: MainIo): Promise<number> {
  const parsed = parseExporterArgs(argv, io.env, hostname());
  if (parsed.ok === 'help') return (io.stdout(`${USAGE}\n`), 0);
  if (!parsed.ok) return (io.stderr(`plumb-exporter: ${parsed.error}\n${USAGE}\n`), 2);
  const opts = parsed.options;
  const logger = io.logger ?? createJsonLogger(io.stderr, opts.logLevel);
  const loaded = loadSpecFile(opts.spec);
  if (!loaded.ok) return (io.stderr(loaded.errors.map((e) => `plumb-exporter: ${formatProblem(e)}\n`).join('')), 2);
  const { model } = loaded;
  const salt = loadSalt(model.settings.salt, io.env);
  if (!salt.ok) return (io.stderr(`plumb-exporter: ${salt.reason}\n`), 2);

  if (opts.inventory) return (io.stdout(`${JSON.stringify(await takeInventory(model, opts.root, io.env, salt.salt), null, 2)}\n`), 0);

  // @kubernetes/client-node is large; EMR and plain hosts never load it.
  const kube = opts.kubernetes ? await loadKubernetesCollector(opts) : undefined;
  if (kube && !(await kube.refreshNodeLabels()))
    logger.log('warn', 'cannot read node labels yet; region, instance type and pool come from flags until the API server answers', { node: opts.node });
  const identity = identityProvider(opts, kube);
  const reports = new ReportStore(model, opts.reportTtlMs);
  const made = io.sink ? { ok: true as const, sink: io.sink } : await changeSink(opts, io);
  if (!made.ok) return (io.stderr(`plumb-exporter: ${made.error}\n`), 2);
  const sink: EventSink<ChangeEvent> = made.sink;
  const extraCollectors: Collector[] = [createReportsCollector(reports), ...(kube ? [kube] : [])];
  const exporter = createExporter({
    model,
    host: {
      salt: salt.salt,
      root: opts.root,
      ...(opts.procRoot !== undefined ? { procRoot: opts.procRoot } : {}),
      ...(kube ? { pods: (ctx: CollectContext) => kube.podsByUid(ctx) } : {}),
      env: io.env,
      runCommands: opts.runCommands,
      extraCollectors,
      ...(opts.workloads ? { workloads: opts.workloads } : {}),
      ...(opts.emrInstanceGroup ? { emrInstanceGroup: opts.emrInstanceGroup } : {}),
    },
    identity,
    nodeLabels: () => kube?.nodeLabels(),
    sink,
    logger,
  });
  const registry = createExporterRegistry(() => exporter.current(), { version: EXPORTER_VERSION, spec: model.name });
  if (hasStats(sink)) registerChangeSinkMetrics(registry, () => sink.stats());
  const workloads = new Set(model.workloads.map((w) => w.name));
  const symptoms = { counters: new SymptomStore(workloads), streaming: new StreamingProgressStore(opts.reportTtlMs), workloads, now: Date.now };
  registerSymptomMetrics(registry, symptoms.counters, () => identity().node);
  registerStreamingMetrics(registry, symptoms.streaming, () => identity().node);
  if (opts.once) {
    await exporter.collect();
    io.stdout(await registry.metrics());
    await sink.close();
    return 0;
  }

  const server = createExporterServer({
    exporter,
    registry,
    reports,
    logger,
    spec: model.name,
    identity,
    postRoutes: { [SYMPTOMS_PATH]: symptomsRoute(symptoms, logger) },
    authorizeReport: await reportAuthorizer(opts),
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(opts.port, opts.host, () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  logger.log('info', 'plumb-exporter listening', {
    host: opts.host,
    port,
    spec: model.name,
    rules: model.rules.length,
    salt: salt.from,
    intervalMs: opts.intervalMs,
  });
  io.onListening?.(port);
  const schedule = startSchedule(
    () => exporter.collect(),
    opts.intervalMs,
    opts.jitter,
    (err) => logger.log('error', 'collection failed', { fault: (err as Error).name }),
  );
  await (io.stopSignal ?? signals());
  schedule.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await sink.close();
  logger.log('info', 'plumb-exporter stopped');
  return 0;
}

/**
 * Kafka when brokers are given (kafkajs is loaded only then), else JSON lines. TLS and SASL
 * settings come from PLUMB_KAFKA_* (history/src/log/security.ts); a bad one is a usage error.
 */
async function changeSink(opts: ExporterOptions, io: MainIo): Promise<{ ok: true; sink: EventSink<ChangeEvent> } | { ok: false; error: string }> {
  if (!opts.kafkaBrokers) return { ok: true, sink: createJsonLinesSink(opts.once ? io.stderr : io.stdout) };
  const { createKafkaChangeSink, kafkaSecurityFromProcessEnv } = await import('@plumb/history/wire');
  const security = kafkaSecurityFromProcessEnv(io.env);
  if (!security.ok) return security;
  return { ok: true, sink: createKafkaChangeSink({ brokers: opts.kafkaBrokers, spoolPath: opts.spoolPath, security: security.security }) };
}

/** The Kafka change sink reports spool and send totals; the JSON-lines sink has none. */
function hasStats(sink: EventSink<ChangeEvent>): sink is EventSink<ChangeEvent> & { stats(): ChangeSinkStats } {
  return typeof (sink as { stats?: unknown }).stats === 'function';
}

function identityProvider(opts: ExporterOptions, kube: KubernetesCollector | undefined): () => NodeIdentity {
  const fixed: NodeIdentity = { node: opts.node, region: opts.region, instanceType: opts.instanceType, pool: opts.pool, platform: opts.platform };
  return () => {
    const labels = kube?.nodeLabels();
    if (!labels) return fixed;
    const fromLabels = identityFromNodeLabels(opts.node, labels);
    // Explicit flags win over labels; labels win over the `unknown` defaults.
    return {
      node: opts.node,
      region: opts.region !== 'unknown' ? opts.region : fromLabels.region,
      instanceType: opts.instanceType !== 'unknown' ? opts.instanceType : fromLabels.instanceType,
      pool: opts.pool !== 'unknown' ? opts.pool : fromLabels.pool,
      platform: 'k8s',
    };
  };
}

async function reportAuthorizer(opts: ExporterOptions): Promise<ReportAuthorizer> {
  if (opts.reportAuth === 'loopback') return createReportAuthorizer('loopback');
  const { createTokenChecks } = await import('./kubernetes/token-review');
  return createReportAuthorizer(opts.reportAuth, createTokenChecks(opts.kubeconfig, opts.node, opts.reportTokenAudience));
}

async function loadKubernetesCollector(opts: ExporterOptions): Promise<KubernetesCollector> {
  const { createCoreApi, createKubernetesCollector } = await import('./kubernetes/collector');
  return createKubernetesCollector(createCoreApi(opts.kubeconfig), opts.node);
}

function signals(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
}
