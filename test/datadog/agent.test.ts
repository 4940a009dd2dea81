/**
 * Agent truth: Datadog's own OpenMetrics V2 check (datadog-checks-base from PyPI)
 * scrapes the real plumb-exporter with the generated Agent configuration. Everything
 * the generated monitors query must be in what it collects, with no context-limit
 * warning, within the per-node budget, and without a hash, a value or a secret.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentInstance } from '@plumb/core/compile/datadog/agent-config';
import { AGENT_METRICS, datadogName } from '@plumb/core/compile/datadog/agent-metrics';
import { contextsPerNode } from '@plumb/core/compile/datadog/budget';
import { compileDatadogMonitors } from '@plumb/core/compile/datadog/monitors';
import { TAG, tagValue } from '@plumb/core/compile/datadog/monitor-types';
import { loadSpecFile } from '@plumb/io';
import type { Model } from '@plumb/core/spec/model';
import { REPO, startExporter, type RunningExporter } from '../exporter/support';
import { runOpenMetricsCheck, type AgentCheckResult } from '../support/datadog';
import { metricUses } from './queries';

const SPEC = join(REPO, 'test/datadog/spec.yaml');
const IDENTITY = [
  '--node',
  'dd-node-1',
  '--region',
  'eu-west-1',
  '--instance-type',
  'r6i.2xlarge',
  '--pool',
  'spark-streaming',
  '--workloads',
  'spark-streaming,host',
];
/** The budget per node, stated in docs/datadog.md; the formula gives 16 for this node. */
const CONTEXT_BUDGET_PER_NODE = 40;

let exp: RunningExporter;
let model: Model;
let collected: AgentCheckResult;
beforeAll(async () => {
  const loaded = loadSpecFile(SPEC);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  model = loaded.model;
  exp = await startExporter({ TZ: 'Europe/Berlin', KAFKA_SASL_PASSWORD: 'PLANTED-DD-SASL-0042' }, ['--spec', SPEC], IDENTITY);
  collected = await runOpenMetricsCheck(agentInstance({ endpoint: `${exp.url}/metrics` }), 2);
}, 600_000);
afterAll(async () => {
  await exp?.stop();
});

const contexts = () => new Set(collected.metrics.map((m) => `${m.name}|${m.tags.join(',')}`));

describe('Datadog OpenMetrics check against plumb-exporter', () => {
  it('The check runs without error and without an "exceeded limit" warning.', () => {
    expect(collected.error).toBeNull();
    expect(collected.warnings.filter((w) => /exceeded limit/i.test(w))).toEqual([]);
    expect(collected.metrics.length).toBeGreaterThan(0);
  });

  it('Every metric, type and tag a generated monitor queries is collected.', () => {
    const { monitors } = compileDatadogMonitors(model, { webhook: 'plumb-hooks' });
    const plumbQueries = monitors.filter((m) => tagValue(m.tags, TAG.alert) !== 'symptom-slo');
    expect(plumbQueries.length).toBe(monitors.length - 1);
    for (const monitor of plumbQueries) {
      for (const use of metricUses(monitor.query)) {
        const samples = collected.metrics.filter((m) => m.name === use.metric);
        expect(samples.length, `${use.metric} (monitor ${monitor.name})`).toBeGreaterThan(0);
        for (const s of samples) {
          expect(s.type, use.metric).toBe('gauge');
          const keys = new Set(s.tags.map((t) => t.split(':')[0]));
          for (const tag of use.tags) expect(keys.has(tag), `${use.metric} lacks tag ${tag}; has ${[...keys].join(', ')}`).toBe(true);
        }
      }
    }
  });

  it('Names are renamed once (no plumb.plumb_ prefix) and no hash, value or secret becomes a tag.', () => {
    for (const m of collected.metrics) {
      expect(m.name.startsWith('plumb.plumb')).toBe(false);
      expect(m.tags.some((t) => /^(hash|value):/.test(t))).toBe(false);
    }
    expect(JSON.stringify(collected)).not.toMatch(/PLANTED/);
    const names = new Set(collected.metrics.map((m) => m.name));
    for (const m of Object.values(AGENT_METRICS)) expect(names.has(datadogName(m)), datadogName(m)).toBe(true);
  });

  it('The drift flags say what the local evaluator decided, tagged with the node identity.', () => {
    const flags = collected.metrics.filter((m) => m.name === datadogName(AGENT_METRICS.dimensionDrifted));
    // Two check runs: each context is submitted twice.
    const drifted = [...new Set(flags.filter((f) => f.value === 1).map((f) => tagValue(f.tags, 'dimension')))].sort();
    // A required dimension the node does not report is drift of its own kind, as in the Prometheus rules.
    expect(drifted).toEqual(['TZ', 'max.poll.interval.ms', 'spark.extra.missing', 'spark.sql.shuffle.partitions']);
    const tz = flags.find((f) => tagValue(f.tags, 'dimension') === 'TZ')!;
    for (const t of ['node:dd-node-1', 'region:eu-west-1', 'pool:spark-streaming', 'platform:host', 'workload:host', 'severity:correctness-risk'])
      expect(tz.tags).toContain(t);
    const unknown = collected.metrics.find((m) => m.name === datadogName(AGENT_METRICS.unknownDimensions) && m.tags.includes('workload:spark-streaming'));
    expect(unknown?.value).toBe(0);
  });

  it('Contexts for this node equal the budget formula and stay within the stated budget.', () => {
    const collectors = new Set(
      collected.metrics.filter((m) => m.name === datadogName(AGENT_METRICS.collectorSuccess)).map((m) => tagValue(m.tags, 'collector')),
    ).size;
    const predicted = contextsPerNode(model, { workloads: ['spark-streaming', 'host'], collectors, driftedSinceStart: 4 });
    expect(contexts().size).toBe(predicted);
    console.log(`contexts for this node: ${contexts().size} (formula ${predicted}, budget ${CONTEXT_BUDGET_PER_NODE})`);
    expect(predicted).toBeLessThanOrEqual(CONTEXT_BUDGET_PER_NODE);
  });
});
