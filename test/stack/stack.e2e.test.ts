/**
 * End to end through the real parts: simulated nodes rendered by the exporter's code,
 * three regional Prometheus servers running the compiled rules, a global Prometheus,
 * Alertmanager and plumb-hooks in dry-run. The e2e scenario injects every kind of
 * drift the default one does, on 120 nodes with 2 s scrape and evaluation intervals.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exporterRenderers } from '@plumb/sim/renderers';
import { loadScenario } from '@plumb/sim/scenario';
import { instantQuery, tryQuery } from '@plumb/sim/stack/prom-api';
import { runScenario, type RunReport } from '@plumb/sim/stack/run';
import { startStack, type Stack } from '@plumb/sim/stack/stack';

const repoRoot = resolve(import.meta.dirname, '../..');
let stack: Stack;
let report: RunReport;
const work = mkdtempSync(join(tmpdir(), 'plumb-e2e-'));

beforeAll(async () => {
  const scenario = loadScenario(join(repoRoot, 'sim/scenarios/e2e.yaml'));
  stack = await startStack({ repoRoot, workDir: work, specPath: join(repoRoot, 'examples/paywave/desired-state.yaml'), scenario, scrapeInterval: '2s', evaluationInterval: '2s', fast: true, renderers: await exporterRenderers(), log: () => undefined });
  report = await runScenario(stack, { workDir: work, durationSeconds: 150, pollEveryMs: 1000, summaryEveryMs: 1e9, stopWhenSatisfied: true, log: () => undefined });
}, 240_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe('the local stack, end to end', () => {
  it('meets every expectation of the scenario: detection, severity, allowed divergence, unknown nodes, flapping, churn, widespread alert', () => {
    const failed = report.checks.filter((c) => !c.ok).map((c) => `${c.event}: ${c.what}: ${c.detail}`);
    expect(failed).toEqual([]);
    expect(report.checks.length).toBeGreaterThanOrEqual(15);
  });

  it('detects every injected drift', () => {
    expect(report.detection.length).toBeGreaterThanOrEqual(4);
    for (const d of report.detection) expect(d.secondsToDetect, d.event).toBeDefined();
  });

  it('has rollups for all three regions in the global Prometheus', () => {
    expect(report.globalRegions).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
  });

  it('keeps detecting in the other two regions when one region\'s Prometheus stops', async () => {
    await stack.stopRegion('us-west-2');
    expect(await tryQuery(stack.prometheus['us-west-2'] ?? '', 'up')).toBeUndefined();
    const record = stack.world.inject({ name: 'late-tz', at: '0s', action: 'drift', select: { workload: 'spark-batch', region: 'eu-west-1', count: 1 }, set: { 'spark.sql.session.timeZone': 'Europe/Dublin' }, expect: { flagged: true } }, Date.now());
    const node = record.nodes[0];
    expect(node).toBeDefined();
    let found: { metric: Record<string, string> }[] = [];
    for (let i = 0; i < 40 && found.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      found = await instantQuery(stack.prometheus['eu-west-1'] ?? '', `plumb:config_drift:info{node="${node}",dimension="spark.sql.session.timeZone"}`);
    }
    expect(found[0]?.metric.severity).toBe('correctness-risk');
  }, 60_000);
});
