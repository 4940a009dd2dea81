/**
 * The plumbing shared by every collector: a reading is one raw value for one rule;
 * a collector returns readings plus value-free error messages; a run records how
 * the collector did. Collectors are isolated: one failing never hides another.
 */
import type { ChangeCause } from '@plumb/core/attribution/cause';
import type { DimensionRule, Model } from '@plumb/core/spec/model';
import type { ConfigScalar } from './formats/types';

/** One raw value for one rule, before hashing. */
export interface Reading {
  rule: DimensionRule;
  value: ConfigScalar;
  /** Where it came from, e.g. `file:/opt/spark/conf/spark-defaults.conf`, `pod:ns/name`. */
  source: string;
  /** Forces hash-only treatment beyond what the rule says. */
  secret?: boolean;
  /**
   * True when the value is known to belong to the rule's workload (a pod or an
   * in-process report of that workload). Host-wide readings (files, env, runtime)
   * count only for workloads detected on the node, and yield to scoped ones.
   */
  scoped?: boolean;
  /** Who or what set the value, when the source tells (a ConfigMap's field manager, an image digest). */
  cause?: ChangeCause;
  /**
   * Read from the workload's own process (`/proc/<pid>/environ`, `cmdline`, `root/`):
   * what it really runs with, so it replaces pod-spec and host-wide readings of the rule.
   */
  fromProcess?: boolean;
}

/** What a collector hands back. `errors` never contain a collected value. */
export interface CollectorOutput {
  readings: Reading[];
  errors: string[];
  /** Workloads this collector saw running (pods, reports). */
  activeWorkloads?: string[];
}

/** What a collector gets. */
export interface CollectContext {
  model: Model;
  /** Filesystem root prefix, `/` on a real host, a fixture tree in tests. */
  root: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether probes may run commands (`java -version`, `rpm -q`, spec `command` sources). */
  runCommands: boolean;
  commandTimeoutMs: number;
  /** How long a probe command's output is reused, in ms (0: never). */
  commandCacheMs: number;
}

/** A pluggable collector: host collectors live here, Kubernetes and reports in the exporter. */
export interface Collector {
  /** `files`, `env`, `command`, `runtime`, `kubernetes`, `reports`. */
  name: string;
  collect(ctx: CollectContext): Promise<CollectorOutput>;
}

/** The outcome of one collector run in one collection. */
export interface CollectorRun {
  collector: string;
  success: boolean;
  durationSeconds: number;
  errors: string[];
}

/**
 * A value-free description of a thrown fault: its code, status or class, never its
 * message (Node's JSON and YAML errors quote the input they choked on).
 */
export function describeFault(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; statusCode?: unknown; status?: unknown; name?: unknown };
    if (typeof e.code === 'string' || typeof e.code === 'number') return String(e.code);
    const status = e.statusCode ?? e.status;
    if (typeof status === 'number') return `HTTP ${status}`;
    if (typeof e.name === 'string') return e.name;
  }
  return 'unknown error';
}

/** Rules whose source is of `kind`, with the source narrowed. */
export function rulesOfKind<K extends DimensionRule['source']['kind']>(
  model: Model,
  kind: K,
): (DimensionRule & { source: Extract<DimensionRule['source'], { kind: K }> })[] {
  return model.rules.filter((r): r is DimensionRule & { source: Extract<DimensionRule['source'], { kind: K }> } => r.source.kind === kind);
}
