/**
 * Harness for rule unit tests: compiles the rules-test spec with a fixed salt, builds
 * promtool test documents from small series builders and runs the real
 * `promtool test rules` on them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { compileModel, RULE_FILE } from '@plumb/core/compile/compile';
import { canonicalise } from '@plumb/core/hash/canonical';
import { hashValue } from '@plumb/core/hash/hash';
import { loadSpecFile } from '@plumb/io';
import type { ValueType } from '@plumb/core/spec/schema';

const run = promisify(execFile);

export const PROMTOOL = process.env.PROMTOOL ?? 'promtool';
export const TEST_SALT = Buffer.from('plumb-rules-test-salt-0001', 'utf8');
export const SPEC_FILE = 'core/testdata/rules-tests/spec.yaml';
export const JOB = 'plumb-exporter';

/** Compiles the test spec into a fresh directory and returns the rule file path. */
export function compileTestRules(): string {
  return compileSpecRules(SPEC_FILE);
}

/** Compiles a spec file with the test salt into a fresh directory; returns the rule file path. */
export function compileSpecRules(specFile: string): string {
  const loaded = loadSpecFile(specFile);
  if (!loaded.ok) throw new Error(`spec ${specFile} does not load: ${JSON.stringify(loaded.errors)}`);
  const file = join(mkdtempSync(join(tmpdir(), 'plumb-rules-')), RULE_FILE);
  writeFileSync(file, compileModel(loaded.model, TEST_SALT, specFile).files[RULE_FILE] ?? '');
  return file;
}

/**
 * A copy of a rule file with only the rules recording one of `records`: the series they read are
 * then given as test input, so a test can feed them states the earlier rules of the
 * group would not produce together (a torn view across two rule evaluations).
 */
export function onlyRecording(ruleFile: string, ...records: string[]): string {
  const doc = parse(readFileSync(ruleFile, 'utf8')) as { groups: { name: string; rules: { record?: string }[] }[] };
  const kept = new Set(records);
  const groups = doc.groups
    .map((g) => ({ ...g, rules: g.rules.filter((r) => r.record !== undefined && kept.has(r.record)) }))
    .filter((g) => g.rules.length > 0);
  const file = ruleFile.replace(/\.yaml$/, `.only-${records.join('-').replace(/[^a-z0-9]+/g, '-')}.yaml`);
  writeFileSync(file, stringify({ groups }, { lineWidth: 0 }));
  return file;
}

/** The salted hash the exporter would publish for `raw`. */
export function h(dimension: string, raw: string | number | boolean, type: ValueType = 'string'): string {
  const c = canonicalise(raw, type);
  if (!c.ok) throw new Error(`bad test value ${String(raw)}: ${c.reason}`);
  return hashValue(TEST_SALT, dimension, c.value, 16);
}

export interface TestNode {
  name: string;
  region: string;
  instanceType?: string;
  pool?: string;
}

export interface InputSeries {
  series: string;
  values: string;
}

export function labels(metric: string, l: Record<string, string | undefined>): string {
  const parts = Object.entries(l)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${metric}{${parts.join(', ')}}`;
}

export const inst = (n: TestNode) => `${n.name}:9842`;

/** Node metadata of a node, as `plumb:node_info:last` reports it. */
export function nodeLabels(n: TestNode): Record<string, string> {
  return { instance: inst(n), node: n.name, region: n.region, instance_type: n.instanceType ?? 'm6i.xlarge', pool: n.pool ?? 'default', platform: 'k8s' };
}

/**
 * A healthy, reporting exporter for the whole hour: node info, up, collectors and (contract
 * v3) its start time. `startTime` gives the start-time samples (a new value is a restart);
 * null leaves the series out, as an exporter older than v3 does. Default: started at 0.
 */
export function healthyNode(n: TestNode, minutes = 60, startTime: string | null = `0x${minutes}`): InputSeries[] {
  return [
    ...(startTime === null ? [] : [{ series: labels('plumb_exporter_start_time_seconds', { instance: inst(n), job: JOB }), values: startTime }]),
    { series: labels('plumb_node_info', { ...nodeLabels(n), job: JOB }), values: `1x${minutes}` },
    { series: labels('up', { instance: inst(n), job: JOB }), values: `1x${minutes}` },
    ...collectorStatus(n, `1x${minutes}`),
    // The last-success timestamp follows the clock: interval 1m, so 60 s per step.
    { series: labels('plumb_collector_last_success_timestamp_seconds', { instance: inst(n), job: JOB, collector: 'env' }), values: `0+60x${minutes}` },
  ];
}

/**
 * The node's collector status as its exporter renders it from one collection: the env
 * collector's `plumb_collector_success` (promtool notation of 0s and 1s, e.g. `1x10 0x50`)
 * and the node's `plumb_report_partial`, 1 exactly while a collector failed.
 */
export function collectorStatus(n: TestNode, success: string): InputSeries[] {
  return [
    { series: labels('plumb_collector_success', { instance: inst(n), job: JOB, collector: 'env' }), values: success },
    { series: labels('plumb_report_partial', { instance: inst(n), job: JOB }), values: partialOf(success) },
  ];
}

/** `series` (a node's) with its collector status replaced: see `collectorStatus`. */
export function withCollectorStatus(series: InputSeries[], success: string): InputSeries[] {
  return series.map((s) =>
    s.series.startsWith('plumb_collector_success{')
      ? { ...s, values: success }
      : s.series.startsWith('plumb_report_partial{')
        ? { ...s, values: partialOf(success) }
        : s,
  );
}

const partialOf = (success: string) => success.replace(/\b([01])(?=x|\s|$)/g, (bit) => (bit === '1' ? '0' : '1'));

/** One observed (workload, dimension) value; `value` label only when `expose`. */
export function observed(
  n: TestNode,
  workload: string,
  dimension: string,
  raw: string | number | boolean,
  opts: { type?: ValueType; expose?: boolean; values?: string } = {},
): InputSeries[] {
  const type = opts.type ?? 'string';
  const c = canonicalise(raw, type);
  const value = opts.expose && c.ok ? c.value : undefined;
  const out: InputSeries[] = [
    {
      series: labels('plumb_config_info', { instance: inst(n), job: JOB, workload, dimension, hash: h(dimension, raw, type), value }),
      values: opts.values ?? '1x60',
    },
  ];
  if (type === 'number')
    out.push({
      series: labels('plumb_config_value', { instance: inst(n), job: JOB, workload, dimension }),
      values: opts.values?.replace(/\b1x/g, `${Number(raw)}x`) ?? `${Number(raw)}x60`,
    });
  return out;
}

export interface RuleSeverity {
  severity: string;
  playbook: string;
  approval: string;
}

/** Full label string of an expected `plumb:config_drift:info` sample. */
export function driftSeries(
  n: TestNode,
  workload: string,
  dimension: string,
  raw: string | number | boolean,
  s: RuleSeverity,
  opts: { type?: ValueType; expose?: boolean } = {},
): string {
  const c = canonicalise(raw, opts.type ?? 'string');
  return labels('plumb:config_drift:info', {
    ...nodeLabels(n),
    workload,
    dimension,
    hash: h(dimension, raw, opts.type),
    value: opts.expose && c.ok ? c.value : undefined,
    ...s,
    rule: `${workload}/${dimension}`,
  });
}

export interface PromtoolTest {
  interval?: string;
  input_series: InputSeries[];
  promql_expr_test?: { expr: string; eval_time: string; exp_samples: { labels?: string; value: number }[] }[];
  alert_rule_test?: { eval_time: string; alertname: string; exp_alerts: { exp_labels: Record<string, string>; exp_annotations?: Record<string, string> }[] }[];
}

/** Runs `promtool test rules` on one test; returns promtool's exit status and output. */
export async function promtoolTest(ruleFile: string, test: PromtoolTest, moreRuleFiles: readonly string[] = []): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-rules-test-'));
  const file = join(dir, 'test.yaml');
  writeFileSync(
    file,
    stringify({ rule_files: [ruleFile, ...moreRuleFiles], evaluation_interval: '1m', tests: [{ interval: '1m', ...test }] }, { lineWidth: 0 }),
  );
  try {
    const { stdout, stderr } = await run(PROMTOOL, ['test', 'rules', file], { timeout: 60_000 });
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}
