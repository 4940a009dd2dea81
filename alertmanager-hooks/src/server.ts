/**
 * Wires plumb-hooks from a validated config: ledger, audit log, Kubernetes,
 * playbooks, verifier, worker, leader election and the express app. Returns a
 * handle to stop it cleanly. `main.ts` only parses argv and calls this.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditRecord, EventSink } from '@plumb/core/state/events';
import { loadSpecFile } from '@plumb/io';
import { AuditLog } from './audit/log';
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
import type { BudgetStatus } from './http/api-route';
import { loadKubeConfig, makeKubeClients, type KubeClients } from './kube/clients';
import { readSnapshot } from './kube/snapshot';
import type { WorkloadSelectors } from './kube/tasks';
import { LeaseElector } from './leader/lease';
import { IngestQueue } from './ledger/ingest-queue';
import { Ledger } from './ledger/ledger';
import { createMetrics } from './metrics/metrics';
import { makeEmrClient } from './playbooks/emr';
import { makePlaybooks } from './playbooks/registry';
import { PrometheusVerifier } from './verify/prometheus';

export interface HandlerOptions {
  /** Overrides `kube.kubeconfig` (tests pass their cluster). `null` runs without Kubernetes. */
  kube?: KubeClients | null;
  secondaryAuditSink?: EventSink<AuditRecord>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  env?: NodeJS.ProcessEnv;
  log?: (msg: string) => void;
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
  const rebuildToken = config.rebuild?.token ? secret(config.rebuild.token, 'rebuild.token') : undefined;
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
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const ledger = new Ledger(config.ledgerPath);
  const audit = new AuditLog(config.auditPath, opts.secondaryAuditSink);
  const metrics = createMetrics(true);
  const actor = `plumb-hooks/${config.replica}`;
  const eviction = { pdbWaitMs: config.eviction.pdbWait, pollEveryMs: config.eviction.pollEvery };
  const emr = config.emr ? { client: makeEmrClient(config.emr.region, config.emr.endpoint), clusters: config.emr.clusters } : undefined;
  const playbooks = makePlaybooks(kube, { eviction, rebuild: config.rebuild ? { url: config.rebuild.url, token: rebuildToken } : undefined, emr });
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
  };
  const worker = new Worker(engine);
  const elector =
    config.leaderElection.enabled && kube
      ? new LeaseElector(
          kube,
          {
            namespace: config.leaderElection.namespace,
            name: config.leaderElection.leaseName,
            identity: config.replica,
            leaseDurationMs: config.leaderElection.leaseDuration,
          },
          now,
        )
      : undefined;
  const isLeader = () => elector?.isLeader ?? true;

  let kick: () => void = () => {};
  const budgetStatus = async (): Promise<BudgetStatus[]> => {
    const snap = kube ? await readSnapshot(kube, spec.selectors, config.budget.weights, config.budget.defaultPodTasks) : undefined;
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
  const app = createApp({
    webhook: {
      ledger,
      ingestQueue: new IngestQueue(ledger, now),
      metrics,
      credentials: { bearer, basic },
      bodyLimit: config.bodyLimit,
      alertmanagerUrl: config.alertmanagerUrl,
      isLeader,
      now,
      onIngested: () => kick(),
    },
    api: { engine, audit, tokens, budgetStatus, onChange: () => kick() },
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
      if (isLeader()) await worker.round();
    },
    config.processEvery,
    log,
  );
  if (opts.autoRun !== false) kick = () => scheduler.kick();
  if (elector) {
    const renew = async () => {
      const was = elector.isLeader;
      const leads = await elector.tick();
      metrics.leader.set(leads ? 1 : 0);
      if (leads !== was) log(leads ? `${config.replica} acquired the lease` : `${config.replica} is not the leader`);
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
        await new Promise<void>((r) => server.close(() => r()));
        server.closeAllConnections?.();
        await worker.idle();
        await elector?.release();
        await audit.close();
        ledger.close();
      },
    },
  };
}
