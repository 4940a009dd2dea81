/**
 * End to end through the real parts: simulated nodes rendered by the exporter's code,
 * three regional Prometheus servers running the compiled rules, a global Prometheus,
 * Alertmanager and plumb-hooks in dry-run. The e2e scenario injects every kind of
 * drift the default one does, on 120 nodes with 2 s scrape and evaluation intervals.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantQuery, tryQuery } from '@plumb/sim/stack/prom-api';
import type { RunReport } from '@plumb/sim/stack/run';
import type { Stack } from '@plumb/sim/stack/stack';
import { repoRoot, runE2eStack } from './e2e-run';

let stack: Stack;
let stopped = false;
let report: RunReport;
const work = mkdtempSync(join(tmpdir(), 'plumb-e2e-'));

beforeAll(async () => {
  ({ report } = await runE2eStack(work, { durationSeconds: 150, onStarted: (s) => (stack = s) }));
}, 240_000);

async function stopStack(): Promise<void> {
  if (stopped) return;
  stopped = true;
  await stack?.stop();
}

afterAll(stopStack, 60_000);

describe('the local stack, end to end', () => {
  it('meets every expectation of the scenario: detection, severity, allowed divergence, unknown nodes, flapping, churn, widespread alert', () => {
    const failed = report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.event}: ${c.what}: ${c.detail}`);
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

  it("keeps detecting in the other two regions when one region's Prometheus stops", async () => {
    await stack.stopRegion('us-west-2');
    expect(await tryQuery(stack.prometheus['us-west-2'] ?? '', 'up')).toBeUndefined();
    const record = stack.world.inject(
      {
        name: 'late-tz',
        at: '0s',
        action: 'drift',
        select: { workload: 'spark-batch', region: 'eu-west-1', count: 1 },
        set: { 'spark.sql.session.timeZone': 'Europe/Dublin' },
        expect: { flagged: true },
      },
      Date.now(),
    );
    const node = record.nodes[0];
    expect(node).toBeDefined();
    let found: { metric: Record<string, string> }[] = [];
    for (let i = 0; i < 40 && found.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      found = await instantQuery(stack.prometheus['eu-west-1'] ?? '', `plumb:config_drift:info{node="${node}",dimension="spark.sql.session.timeZone"}`);
    }
    expect(found[0]?.metric.severity).toBe('correctness-risk');
  }, 60_000);

  it('runs again in the same work directory as a user would (`plumb sim run`), starts clean and holds every expectation again', async () => {
    await stopStack();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = execFile(
        process.execPath,
        [join(repoRoot, 'cli/bin/plumb.mjs'), 'sim', 'run', '--scenario', join(repoRoot, 'sim/scenarios/e2e.yaml'), '--fast', '--work', work, '--json'],
        { timeout: 280_000, maxBuffer: 16 << 20 },
        (_err, out, err) => done({ code: child.exitCode, stdout: out, stderr: err }),
      );
    });
    const second = JSON.parse(stdout || '{}') as Partial<RunReport>;
    const failed = (second.checks ?? []).filter((c) => c.status !== 'pass').map((c) => `${c.event}: ${c.what}: ${c.detail}`);
    expect(failed, stderr.slice(-2000)).toEqual([]);
    expect(code).toBe(0);
    expect(second.ended).toBe('all-held');
    expect(second.workDir?.start).toEqual({ mode: 'clean', movedAside: `${work}.previous` });
    // The first run's state was kept aside, whole: its report and its audit log.
    expect(JSON.parse(readFileSync(join(`${work}.previous`, 'report.json'), 'utf8')).ok).toBe(true);
    expect(existsSync(join(`${work}.previous`, 'hooks', 'audit.jsonl'))).toBe(true);
  }, 300_000);
});
