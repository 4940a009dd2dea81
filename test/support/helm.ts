/**
 * The real helm (built from its Go module by scripts/helm/build.sh) and prometheus-operator's
 * CRDs (generated from its API module by scripts/helm/operator-crds.sh), for chart tests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const REPO = resolve(import.meta.dirname, '../..');
export const CHART_DIR = join(REPO, 'deploy/helm/plumb');
export const HELM_VERSION = process.env.PLUMB_HELM_VERSION ?? '3.22.0';

function lastLine(out: string): string {
  return out.trim().split('\n').at(-1) ?? '';
}

/** Path of the helm binary, building it first when missing (idempotent, slow the first time). */
export function helmBinary(): string {
  const cached = join(process.env.PLUMB_CACHE ?? join(homedir(), '.cache', 'plumb'), 'helm', HELM_VERSION, 'bin', 'helm');
  if (existsSync(cached)) return cached;
  return lastLine(execFileSync('bash', [join(REPO, 'scripts/helm/build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
}

/** Directory of the generated prometheus-operator CRDs (VERSION file inside names the module version). */
export function operatorCrdDir(): string {
  return lastLine(execFileSync('bash', [join(REPO, 'scripts/helm/operator-crds.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
}

/** Every CRD document in {@link operatorCrdDir}. */
export function operatorCrds(): Record<string, unknown>[] {
  const dir = operatorCrdDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => JSON.parse(JSON.stringify(parseAllDocuments(readFileSync(join(dir, f), 'utf8'))[0]?.toJS())) as Record<string, unknown>);
}

export interface HelmRun {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs helm with args; never throws for a non-zero exit. */
export function helm(args: string[]): HelmRun {
  try {
    const stdout = execFileSync(helmBinary(), args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HELM_CACHE_HOME: join(tmpdir(), 'plumb-helm-cache'), HELM_CONFIG_HOME: join(tmpdir(), 'plumb-helm-config') },
    });
    return { ok: true, stdout, stderr: '' };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

/** A Kubernetes object as rendered. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [k: string]: unknown;
};

/**
 * `helm template` of the chart with a values file (written to a temp dir) and `--set-file`s;
 * returns the objects, or the helm error.
 */
export function renderChart(
  values: Record<string, unknown>,
  o: { setFiles?: Record<string, string>; release?: string; namespace?: string; extra?: string[] } = {},
): { ok: true; objects: Manifest[]; text: string } | { ok: false; error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-chart-'));
  try {
    const valuesFile = join(dir, 'values.yaml');
    writeFileSync(valuesFile, JSON.stringify(values));
    const setFiles = Object.entries(o.setFiles ?? {}).flatMap(([k, path]) => ['--set-file', `${k}=${path}`]);
    const r = helm(['template', o.release ?? 'plumb', CHART_DIR, '--namespace', o.namespace ?? 'plumb', '-f', valuesFile, ...setFiles, ...(o.extra ?? [])]);
    if (!r.ok) return { ok: false, error: r.stderr };
    const objects = parseAllDocuments(r.stdout)
      .map((d) => d.toJS() as Manifest | null)
      .filter((m): m is Manifest => m !== null && typeof m === 'object' && 'kind' in m);
    return { ok: true, objects, text: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
