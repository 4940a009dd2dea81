/**
 * Wires plumb-hooks from a validated config: ledger, audit log, Kubernetes,
 * playbooks, verifier, worker, leader election and the express app. Returns a
 * handle to stop it cleanly. `main.ts` only parses argv and calls this.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditRecord, EventSink } from '@plumb/core/state/events';
import { loadSpecFile } from '@plumb/io';
import { AuditLog, type WriteOnce } from './audit/log';
import { AuditForwarder, type ForwardPosition } from './audit/forwarder';
import { resolveSecret } from './config/load';
import type { HandlerConfig } from './config/schema';
import type { EngineDeps } from './engine/deps';
import type { RulePlaybook } from './engine/plan';
import { runningTasksByRegion } from './engine/costs';
import { RoundScheduler } from './engine/scheduler';
import { Worker } from './engine/worker';
import { checkWindows } from './guardrails/windows';
import type { ApiToken } from './http/auth';
import { createApp } from './http/app';
import type { BudgetStatus } from '@plumb/core/contract/handler-api';
import { loadKubeConfig, makeKubeClients, type KubeClients } from './kube/clients';
import { ClusterCache } from './kube/cluster-cache';
import { clusterSnapshot } from './engine/cluster-view';
import type { WorkloadSelectors } from './kube/tasks';
import { LeaseElector } from './leader/lease';
import { ActingGate } from './leader/acting-gate';
import { IngestQueue } from './ledger/ingest-queue';
import { Ledger } from './ledger/ledger';
import { createMetrics } from './metrics/metrics';
import { registerApprovalGauges } from './metrics/approval-gauges';
import { registerPauseGauges } from './pause/gauges';
import { makeEmrClient } from './playbooks/emr';
import { makePlaybooks } from './playbooks/registry';
import { PrometheusVerifier } from './verify/prometheus';
import { ConfigMapStore } from './state/configmap-store';
import { SharedState } from './state/shared-state';

export interface HandlerOptions {
  /** Overrides `kube.kubeconfig` (tests pass their cluster). `null` runs without Kubernetes. */
  kube?: KubeClients | null;
  /** Opens the Kafka audit sink continuing after a chain position; records are forwarded from the local file as backlog. */
  auditSink?: (from: ForwardPosition | undefined) => Promise<EventSink<AuditRecord>>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  env?: NodeJS.ProcessEnv;
  log?: (msg: string) => void;
  /** How long `stop()` waits for in-flight actions (default 20 s, inside a 30 s termination grace period). */
  stopGraceMs?: number;
  /** The audit file's write(2); tests pass one that fails. */
  auditWrite?: WriteOnce;
  /** Runs worker rounds on a timer (default true); tests may drive `worker.round()` instead. */
  autoRun?: boolean;
}

export interface RunningHandler {
  url: string;
  port: number;
  worker: Worker;
  engine: EngineDeps;
  stop(): Promise<void>;
}

export type StartResult = { ok: true; handler: RunningHandler } | { ok: false; errors: string[] };

function specLookups(path: string | undefined): { ok: true; selectors: WorkloadSelectors; rules: Map<string, RulePlaybook> } | { ok: false; errors: string[] } {
  if (path === undefined) return { ok: true, selectors: {}, rules: new Map() };
  const loaded = loadSpecFile(path);
  if (!loaded.ok) return { ok: false, errors: loaded.errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.path}: ${e.message}`) };
  const selectors: WorkloadSelectors = {};
  for (const w of loaded.model.workloads) if (w.match.podLabels) selectors[w.name] = w.match.podLabels;
  return { ok: true, selectors, rules: new Map(loaded.model.rules.map((r) => [r.id, r.playbook])) };
}

export async function startHandler(config: HandlerConfig, opts: HandlerOptions = {}): Promise<StartResult> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((m: string) => process.stderr.write(`plumb-hooks: ${m}\n`));
  const errors: string[] = [...checkWindows(config.windows)];
  const secret = (ref: Parameters<typeof resolveSecret>[0], field: string) => {
    const r = resolveSecret(ref, field, env);
    if (!r.ok) errors.push(r.error);
    return r.ok ? r.value : '';
  };
  const bearer = config.auth.webhook.bearer ? secret(config.auth.webhook.bearer, 'auth.webhook.bearer') : undefined;
  const basic = config.auth.webhook.basic
    ? { username: config.auth.webhook.basic.username, password: secret(config.auth.webhook.basic.password, 'auth.webhook.basic.password') }
    : undefined;
  const tokens: ApiToken[] = config.auth.apiTokens.map((t, i) => ({ name: t.name, role: t.role, token: secret(t.token, `auth.apiTokens.${i}.token`) }));
  const grafana = config.auth.grafana
    ? { token: secret(config.auth.grafana.token, 'auth.grafana.token'), approvers: config.auth.grafana.approvers, operators: config.auth.grafana.operators }
    : undefined;
  const datadogBearer = config.auth.datadog ? secret(config.auth.datadog.bearer, 'auth.datadog.bearer') : undefined;
  const rebuildToken = config.rebuild?.token ? secret(config.rebuild.token, 'rebuild.token') : undefined;
  const checkpointKey = config.auditCheckpointKey ? secret(config.auditCheckpointKey, 'auditCheckpointKey') : undefined;
  const spec = specLookups(config.specPath);
  if (!spec.ok) errors.push(...spec.errors);
  if (errors.length > 0 || !spec.ok) return { ok: false, errors };

  let kube: KubeClients | undefined;
  try {
    kube =
      opts.kube === null || (opts.kube === undefined && !config.kube.enabled)
        ? undefined
        : (opts.kube ?? makeKubeClients(loadKubeConfig(config.kube.kubeconfig)));
  } catch (err) {
    return { ok: false, errors: [`kube.kubeconfig: ${(err as Error).message}`] };
  }
  if (config.leaderElection.enabled && kube === undefined) {
    return {
      ok: false,
      errors: [
        'leaderElection.enabled needs Kubernetes for its Lease and shared state, but kube.enabled is false: refusing to start, since every replica would act as leader',
      ],
    };
  }
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const ledger = new Ledger(config.ledgerPath);
  const metrics = createMetrics(true);
  let forwarder: AuditForwarder | undefined;
  const audit = new AuditLog(config.auditPath, {
    checkpointKey,
    now,
    onDurable: (records) => forwarder?.push(records),
    ...(opts.auditWrite ? { write: opts.auditWrite } : {}),
  });
  if (audit.recovery) log(`the audit file ended in a torn line (crash mid-write); it was cut off and the recovery recorded`);
  if (opts.auditSink) {
    forwarder = new AuditForwarder({
      auditPath: config.auditPath,
      connect: opts.auditSink,
      log,
      now,
      onBacklog: (n, ageMs) => (metrics.auditBacklog.set(n), metrics.auditLag.set(ageMs / 1000)),
    });
    forwarder.start();
  }
  registerApprovalGauges(metrics.registry, () => ledger.actionsInState(['awaiting-approval']), now);
  registerPauseGauges(metrics.registry, () => ledger.pauses.all(), now);
  const actor = `plumb-hooks/${config.replica}`;
  const eviction = { pdbWaitMs: config.eviction.pdbWait, pollEveryMs: config.eviction.pollEvery };
  const emr = config.emr
    ? {
        client: makeEmrClient(config.emr.region, config.emr.endpoint),
        clusters: config.emr.clusters,
        decommissionTimeoutSeconds: Math.round(config.emr.decommissionTimeout / 1000),
      }
    : undefined;
  const elector =
    config.leaderElection.enabled && kube
      ? new LeaseElector(
          kube,
          {
            namespace: config.leaderElection.namespace,
            name: config.leaderElection.leaseName,
            identity: config.replica,
            leaseDurationMs: config.leaderElection.leaseDuration,
            renewDeadlineMs: config.leaderElection.renewDeadline,
          },
          now,
        )
      : undefined;
  // With more than one replica, the truth lives in Kubernetes; the SQLite ledger is the leader's index of it.
  const state = elector && kube ? new SharedState(new ConfigMapStore(kube, config.leaderElection.namespace), ledger, log) : undefined;
  // Acting needs the lease and the complete shared state; otherwise the reason, for `/readyz` and the log.
  const gate = new ActingGate({ elector, state, replica: config.replica, log, onNewTerm: () => worker.newTerm() });
  const readiness = () => gate.readiness();
  const isActing = () => gate.isActing();
  const playbooks = makePlaybooks(kube, { eviction, rebuild: config.rebuild ? { url: config.rebuild.url, token: rebuildToken } : undefined, emr });
  // Pods and nodes from a watch, not a list per round; followers keep it warm for a takeover.
  const cluster = kube ? new ClusterCache(kube, log) : undefined;
  cluster?.start();
  if (cluster && !(await cluster.synced(10_000))) log(`pods and nodes not listed yet (${cluster.problem}); disruptive actions wait`);
  const engine: EngineDeps = {
    config,
    ledger,
    audit,
    metrics,
    kube,
    playbooks,
    verifier: new PrometheusVerifier({ default: config.prometheus.url, regions: config.prometheus.regions }, config.verify.timeout),
    selectors: spec.selectors,
    rules: spec.rules,
    now,
    sleep,
    actor,
    log,
    state,
    isActing,
    cluster,
  };
  const worker = new Worker(engine);

  let kick: () => void = () => {};
  const budgetStatus = async (): Promise<BudgetStatus[]> => {
    const snap = await clusterSnapshot(engine);
    const since = now() - config.budget.window;
    return [...runningTasksByRegion(snap, config.budget.emrRunningTasks)].map(([region, running]) => ({
      region,
      runningTasks: running,
      limitTasks: Math.floor(running * config.budget.maxDisruptedShare * 1000) / 1000,
      usedTasks: ledger.usedBudget(region, since, false),
      dryRunUsedTasks: ledger.usedBudget(region, since, true),
      windowMs: config.budget.window,
    }));
  };
  const ingestQueue = new IngestQueue(ledger, now, state);
  const app = createApp({
    webhook: {
      ledger,
      ingestQueue,
      metrics,
      credentials: { bearer, basic },
      bodyLimit: config.bodyLimit,
      alertmanagerUrl: config.alertmanagerUrl,
      isLeader: isActing,
      readiness,
      now,
      onIngested: () => kick(),
    },
    datadog:
      datadogBearer === undefined
        ? undefined
        : {
            ledger,
            ingestQueue,
            metrics,
            bearer: datadogBearer,
            ruleIds: [...spec.rules.keys()],
            bodyLimit: config.bodyLimit,
            isLeader: isActing,
            now,
            onIngested: () => kick(),
          },
    api: { engine, audit, auth: { tokens, grafana }, budgetStatus, onChange: () => kick() },
    log,
  });
  const server: Server = await new Promise((res, rej) => {
    const s = app.listen(config.listen.port, config.listen.host, (err?: Error) => (err ? rej(err) : res(s)));
  });
  const port = (server.address() as AddressInfo).port;

  let stopped = false;
  let leaseTimer: NodeJS.Timeout | undefined;
  const scheduler = new RoundScheduler(
    async () => {
      if (isActing()) await worker.round();
    },
    config.processEvery,
    log,
  );
  if (opts.autoRun !== false) kick = () => scheduler.kick();
  if (elector) {
    const renew = async () => {
      const ready = await gate.round();
      metrics.leader.set(ready ? 1 : 0);
      if (ready) kick();
      if (!stopped) leaseTimer = setTimeout(renew, config.leaderElection.renewEvery);
    };
    await renew();
  } else metrics.leader.set(1);
  if (opts.autoRun !== false) scheduler.start();

  return {
    ok: true,
    handler: {
      url: `http://${config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host}:${port}`,
      port,
      worker,
      engine,
      async stop() {
        stopped = true;
        scheduler.stop();
        clearTimeout(leaseTimer);
        const closed = new Promise<void>((r) => server.close(() => r()));
        server.closeIdleConnections?.();
        // In-flight actions get a bounded time to finish; what is left stays `running` in the
        // shared state (or the ledger) and is resumed by the next leader or the next start.
        const idle = await Promise.race([worker.idle().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), opts.stopGraceMs ?? 20_000))]);
        if (!idle) log('stopping with actions still in flight; they resume on the next start or the next leader');
        server.closeAllConnections?.();
        await closed;
        await elector?.release();
        cluster?.stop();
        await audit.close();
        await forwarder?.close();
        ledger.close();
      },
    },
  };
}
