/**
 * `collectHost`: one collection on one node. Runs the host collectors (files, env,
 * command, runtime) and any extra ones (Kubernetes, in-process reports) in
 * isolation, keeps readings for workloads that run here, and hashes them into
 * observations. Canonical values stay in the returned object for local
 * evaluation (`plumb check`); nothing renders them.
 */
import type { Model } from '@plumb/core/spec/model';
import type { NodeIdentity, Observation } from '@plumb/core/state/types';
import { sharedSecretHasher } from '@plumb/core/hash/secret-hash';
import { classify, observe, type ObserveContext } from './observe';
import { listProcessCommandLines } from './processes';
import { createProcessCollector, type ProcessCollectorOptions } from './proc/collector';
import { rooted } from './host-fs';
import type { CollectContext, Collector, CollectorRun, Reading } from './readings';
import { runCollectors } from './run-collectors';
import { runtimeCollector } from './runtime/index';
import { commandCollector } from './sources/command';
import { envCollector } from './sources/env';
import { filesCollector } from './sources/files';
import { detectWorkloads, needsProcessList } from './workloads';

/** The host collectors, in the order their statuses are listed. */
export const HOST_COLLECTORS: readonly Collector[] = [filesCollector, envCollector, commandCollector, runtimeCollector];

export interface CollectHostOptions {
  /** Fleet salt (see `loadSalt`). */
  salt: Uint8Array;
  identity: NodeIdentity;
  /** Filesystem root prefix: `/` on a host, `/host` in a container, a fixture tree in tests. */
  root?: string;
  /** Where processes are read (`/proc` on a host or with host PID); default `<root>/proc`. */
  procRoot?: string;
  /** Pods of this node by UID (Kubernetes), so processes count only for their pod's workload. */
  pods?: ProcessCollectorOptions['pods'];
  /** Environment for env sources and `AIRFLOW__*` overrides; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Workloads to collect for; default: detected from the spec's selectors. */
  workloads?: readonly string[];
  nodeLabels?: Readonly<Record<string, string>>;
  emrInstanceGroup?: string;
  /** Whether probes may run commands (`java -version`, `rpm`, spec commands); default true. */
  runCommands?: boolean;
  commandTimeoutMs?: number;
  /** How long probe command output is reused; default 5 minutes. */
  commandCacheMs?: number;
  collectorTimeoutMs?: number;
  /** Collectors run alongside the host ones (Kubernetes, in-process reports). */
  extraCollectors?: readonly Collector[];
  /** Replaces `HOST_COLLECTORS`, e.g. to skip runtime probes. */
  hostCollectors?: readonly Collector[];
  /** Clock, Unix milliseconds. */
  now?: () => number;
}

export interface HostCollection {
  identity: NodeIdentity;
  observations: Observation[];
  runs: CollectorRun[];
  /** Workload types found on the node. */
  workloads: string[];
  /** Rule id → canonical values seen. In memory only, for local evaluation; never rendered or logged. */
  canonical: Map<string, string[]>;
  collectedAtSeconds: number;
}

/** Collects every dimension the model names from this host. Never throws for bad input. */
export async function collectHost(model: Model, opts: CollectHostOptions): Promise<HostCollection> {
  const now = opts.now ?? Date.now;
  const ctx: CollectContext = {
    model,
    root: opts.root ?? '/',
    env: opts.env ?? process.env,
    runCommands: opts.runCommands ?? true,
    commandTimeoutMs: opts.commandTimeoutMs ?? 5_000,
    commandCacheMs: opts.commandCacheMs ?? 300_000,
  };
  const procRoot = opts.procRoot ?? rooted(ctx.root, '/proc');
  // Workloads found by their process are read from that process (environ, cmdline, root/).
  const fromProcesses = opts.hostCollectors === undefined && needsProcessList(model) ? [createProcessCollector({ procRoot, pods: opts.pods })] : [];
  const collectors = [...(opts.hostCollectors ?? HOST_COLLECTORS), ...fromProcesses, ...(opts.extraCollectors ?? [])];
  const [results, processes] = await Promise.all([
    runCollectors(collectors, ctx, opts.collectorTimeoutMs ?? 20_000),
    opts.workloads === undefined && needsProcessList(model) ? listProcessCommandLines(procRoot) : Promise.resolve([]),
  ]);
  const detected = opts.workloads ?? detectWorkloads(model, { nodeLabels: opts.nodeLabels, emrInstanceGroup: opts.emrInstanceGroup, processes });
  const workloads = new Set([...detected, ...results.flatMap((r) => r.output.activeWorkloads ?? [])]);
  const readings = keepRelevant(
    results.flatMap((r) => r.output.readings),
    workloads,
  );
  const hashing: ObserveContext = { salt: opts.salt, hashLength: model.settings.hashLength, maxExposedValueLength: model.settings.maxExposedValueLength };
  // Secret values are hashed with scrypt on the thread pool first (one at a time: 32 MiB each),
  // so /metrics keeps answering during a collection; observe() then finds them cached.
  const hasher = sharedSecretHasher(opts.salt, model.settings.hashLength);
  for (const r of readings) {
    const c = classify(r.rule, r.value, r.secret === true);
    if (c.hidden) await hasher.warm(r.rule.key, c.canonical);
  }
  const { observations, canonical } = toObservations(readings, { ...hashing, hasher });
  return {
    identity: opts.identity,
    observations,
    runs: results.map((r) => r.run),
    workloads: [...workloads].sort(),
    canonical,
    collectedAtSeconds: Math.floor(now() / 1000),
  };
}

/**
 * Scoped readings (pods, reports) always count and replace host-wide ones for the same
 * rule; readings from the workload's own process replace both (they are what it runs with).
 */
function keepRelevant(readings: Reading[], workloads: ReadonlySet<string>): Reading[] {
  const processRules = new Set(readings.filter((r) => r.fromProcess === true).map((r) => r.rule.id));
  const scopedRules = new Set(readings.filter((r) => r.scoped === true).map((r) => r.rule.id));
  return readings.filter((r) => {
    if (processRules.has(r.rule.id)) return r.fromProcess === true;
    return r.scoped === true ? true : workloads.has(r.rule.workload) && !scopedRules.has(r.rule.id);
  });
}

function toObservations(readings: Reading[], ctx: ObserveContext): { observations: Observation[]; canonical: Map<string, string[]> } {
  const seen = new Map<string, Observation>();
  const canonical = new Map<string, string[]>();
  for (const reading of readings) {
    const { observation, canonical: value } = observe(reading.rule, reading.value, reading.source, ctx, reading.secret === true);
    if (reading.cause) observation.cause = reading.cause;
    const id = `${reading.rule.id}\0${observation.hash}`;
    if (seen.has(id)) continue;
    seen.set(id, observation);
    canonical.set(reading.rule.id, [...(canonical.get(reading.rule.id) ?? []), value]);
  }
  const observations = [...seen.values()].sort((a, b) => cmp(a.workload, b.workload) || cmp(a.dimension, b.dimension) || cmp(a.hash, b.hash));
  return { observations, canonical };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
