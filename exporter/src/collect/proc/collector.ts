/**
 * The `processes` collector: reads what a workload's process really runs with. The
 * workload's `match.process` (RE2 over the command line) finds its processes; on
 * Kubernetes a process counts for a workload only when its cgroup puts it in a pod of
 * that workload (pods without a workload label fall back to the pattern alone). For each
 * process found it reads, through the proc root:
 *   - `env` sources from `/proc/<pid>/environ` (the container's real environment,
 *     `envFrom` and ConfigMaps resolved; on EMR the daemon's, not the agent's unit);
 *   - `file` sources from `/proc/<pid>/root/<path>` (the image's or the mounted file);
 *   - `process` sources from `/proc/<pid>/cmdline` (`--conf k=v`, `-Dk=v`).
 * These readings replace the host-wide and pod-spec ones for the same dimension.
 */
import { looksSecret } from '@plumb/core/spec/secret-names';
import { compileRe2, findsIn } from '@plumb/core/spec/re2';
import type { DimensionRule, Model } from '@plumb/core/spec/model';
import { isAirflowReference } from '../formats/airflow';
import { candidatePaths, readFirstPresent } from '../host-fs';
import { lookupKey, parseConfig } from '../formats/index';
import type { CollectContext, Collector, CollectorOutput, Reading } from '../readings';
import { confPairs, jvmProperties, lastValue } from './argv';
import { parseProcessCgroup } from './cgroup';
import { listProcesses, readProcessEnv, readProcessRootFile, readProcFile, type ProcessEntry } from './scan';

/** Pods on this node by UID, with the workloads their labels name. */
export type PodsByUid = ReadonlyMap<string, { ref: string; workloads: readonly string[] }>;

export interface ProcessCollectorOptions {
  /** Where processes are read: `/proc` (a host-PID pod or a host), a fixture tree in tests. */
  procRoot: string;
  /** The pods of this node for this collection (Kubernetes); absent elsewhere. */
  pods?: (ctx: CollectContext) => Promise<PodsByUid>;
}

interface Found {
  proc: ProcessEntry;
  workload: string;
  where: string;
}

const READ_KINDS = new Set(['env', 'file', 'process']);

export function createProcessCollector(opts: ProcessCollectorOptions): Collector {
  return {
    name: 'processes',
    async collect(ctx): Promise<CollectorOutput> {
      const patterns = workloadPatterns(ctx.model);
      const rules = ctx.model.rules.filter((r) => READ_KINDS.has(r.source.kind) && patterns.has(r.workload));
      if (rules.length === 0) return { readings: [], errors: [] };
      const [procs, pods] = await Promise.all([listProcesses(opts.procRoot), opts.pods?.(ctx).catch(() => undefined)]);
      const errors = new Set<string>();
      const found = await findWorkloadProcesses(opts.procRoot, procs, patterns, pods, errors);
      const readings = (await Promise.all(found.map((f) => readProcess(opts.procRoot, f, rules, errors)))).flat();
      return { readings, errors: [...errors].sort(), activeWorkloads: [...new Set(found.map((f) => f.workload))].sort() };
    },
  };
}

/** Compiled `match.process` of each workload that has one; invalid patterns match nothing. */
function workloadPatterns(model: Model): Map<string, ReturnType<typeof compileRe2> & { ok: true }> {
  const out = new Map<string, ReturnType<typeof compileRe2> & { ok: true }>();
  for (const w of model.workloads) {
    const c = w.match.process === undefined ? undefined : compileRe2(w.match.process);
    if (c?.ok) out.set(w.name, c);
  }
  return out;
}

async function findWorkloadProcesses(
  procRoot: string,
  procs: readonly ProcessEntry[],
  patterns: ReadonlyMap<string, { re: Parameters<typeof findsIn>[0] }>,
  pods: PodsByUid | undefined,
  errors: Set<string>,
): Promise<Found[]> {
  const found: Found[] = [];
  for (const proc of procs) {
    const workloads = [...patterns].filter(([, c]) => findsIn(c.re, proc.commandLine)).map(([w]) => w);
    if (workloads.length === 0) continue;
    const cgroup = await readProcFile(procRoot, proc.pid, 'cgroup', 64 * 1024);
    if (cgroup.kind === 'error') errors.add(cgroup.reason);
    if (cgroup.kind !== 'text') continue;
    const { podUid, containerId } = parseProcessCgroup(cgroup.text);
    const pod = podUid === undefined ? undefined : pods?.get(podUid);
    for (const workload of workloads) {
      // A process in a pod of another workload is that workload's business.
      if (pod !== undefined && pod.workloads.length > 0 && !pod.workloads.includes(workload)) continue;
      const where = podUid === undefined ? `process:${proc.pid}` : `process:${pod?.ref ?? `pod-uid/${podUid}`}/${(containerId ?? '').slice(0, 12)}/${proc.pid}`;
      found.push({ proc, workload, where });
    }
  }
  return found;
}

async function readProcess(procRoot: string, f: Found, allRules: readonly DimensionRule[], errors: Set<string>): Promise<Reading[]> {
  const rules = allRules.filter((r) => r.workload === f.workload);
  const env = await readProcessEnv(procRoot, f.proc.pid);
  if (!(env instanceof Map)) {
    if (env.kind === 'error') errors.add(env.reason);
    return [];
  }
  const readings: Reading[] = [];
  const push = (rule: DimensionRule, value: Reading['value'], source: string, secret: boolean) =>
    readings.push({ rule, value, source, secret, scoped: true, fromProcess: true });
  const files = new Map<string, Awaited<ReturnType<typeof readFile>>>();
  for (const rule of rules) {
    const src = rule.source;
    if (src.kind === 'env') {
      const value = env.get(src.name);
      if (value !== undefined) push(rule, value, `${f.where}:env`, looksSecret(src.name));
    } else if (src.kind === 'process') {
      const pairs = src.field === 'arg-conf' ? confPairs(f.proc.argv) : jvmProperties(f.proc.argv);
      const value = lastValue(pairs, src.name);
      if (value !== undefined) push(rule, value, `${f.where}:cmdline`, looksSecret(src.name));
    } else if (src.kind === 'file') {
      const id = `${src.format}\0${candidatePaths(src).join('\0')}`;
      if (!files.has(id)) files.set(id, await readFile(procRoot, f.proc.pid, candidatePaths(src), src.format, env, errors));
      const file = files.get(id);
      if (!file?.parsed.ok) continue;
      const value = lookupKey(src.format, file.parsed.entries, src.key);
      if (value !== undefined) push(rule, value, `${f.where}:file:${file.path}`, isAirflowReference(value) || (src.key !== undefined && looksSecret(src.key)));
    }
  }
  return readings;
}

async function readFile(
  procRoot: string,
  pid: string,
  paths: readonly string[],
  format: Parameters<typeof parseConfig>[0],
  env: ReadonlyMap<string, string>,
  errors: Set<string>,
): Promise<{ path: string; parsed: ReturnType<typeof parseConfig> } | undefined> {
  const { path, read } = await readFirstPresent(paths, (p) => readProcessRootFile(procRoot, pid, p));
  if (read.kind === 'error') return void errors.add(`process ${pid}: ${read.reason}`);
  if (read.kind === 'absent' && format !== 'airflow-cfg') return undefined;
  // Airflow's effective config is the file plus the process's own AIRFLOW__* overrides.
  const parsed = parseConfig(format, read.kind === 'text' ? read.text : '', Object.fromEntries(env));
  if (!parsed.ok) errors.add(`process ${pid}: ${path}: malformed ${format} (${parsed.reason})`);
  return { path, parsed };
}
