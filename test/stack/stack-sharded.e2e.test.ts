/**
 * The local stack with every region as two `hashmod` Prometheus shards under a regional
 * tier (`plumb sim run --shards 2`): the e2e scenario's expectations are the same as
 * unsharded, each shard scrapes only its share of the region, and the global tier holds
 * every federated rollup of every region, counted once.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT, FEDERATED_RECORDS, RECORD } from '@plumb/core/contract';
import { instantQuery } from '@plumb/sim/stack/prom-api';
import type { RunReport } from '@plumb/sim/stack/run';
import type { Stack } from '@plumb/sim/stack/stack';
import { runE2eStack } from './e2e-run';

const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
let stack: Stack;
let report: RunReport;
const work = mkdtempSync(join(tmpdir(), 'plumb-e2e-sharded-'));

beforeAll(async () => {
  ({ report } = await runE2eStack(work, { durationSeconds: 180, shards: 2, onStarted: (s) => (stack = s) }));
}, 300_000);

afterAll(async () => stack?.stop(), 60_000);

describe('the local stack with two hashmod shards per region', () => {
  it('meets every expectation of the scenario, as the unsharded stack does', () => {
    const failed = report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.event}: ${c.what}: ${c.detail}`);
    expect(failed).toEqual([]);
    expect(report.checks.length).toBeGreaterThanOrEqual(15);
    expect(report.ok).toBe(true);
  });

  it('splits each region between its shards: every reporting node is scraped by exactly one shard', async () => {
    for (const region of REGIONS) {
      const shards = stack.shards[region] ?? [];
      expect(shards).toHaveLength(2);
      // Over the last 30 s, so a scrape that timed out on a loaded machine does not hide a node.
      const seen = 'count(count by (instance) (last_over_time(plumb_node_info[30s])))';
      const perShard = await Promise.all(shards.map(async (url) => Number((await instantQuery(url, seen))[0]?.value ?? 0)));
      const nodes = await instantQuery(stack.prometheus[region] ?? '', seen);
      for (const n of perShard) expect(n, region).toBeGreaterThan(0);
      expect(
        perShard.reduce((a, b) => a + b, 0),
        region,
      ).toBe(Number(nodes[0]?.value));
    }
  });

  it('decides widespread drift at the tier: every shard reads the shard count back and sends no breaker alert of its own', async () => {
    for (const region of REGIONS)
      for (const url of stack.shards[region] ?? []) {
        const count = await instantQuery(url, RECORD.regionShardsCount);
        expect(
          count.map((s) => [s.metric.region, s.value]),
          url,
        ).toEqual([[region, 2]]);
      }
    const res = await fetch(`${stack.alertmanagerUrl}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${ALERT.widespreadDrift}"`)}`);
    const alerts = (await res.json()) as { labels: Record<string, string> }[];
    // The scenario's rollout drifts 60 % of us-west-2's kafka consumers, over both shards.
    expect(alerts.map((a) => a.labels.region)).toContain('us-west-2');
    expect(alerts.filter((a) => a.labels.shard !== undefined)).toEqual([]);
  });

  it('has every federated rollup a shard holds in the global Prometheus, for its region, once (no shard copies)', async () => {
    const missing = async () => {
      const out: string[] = [];
      for (const record of FEDERATED_RECORDS) {
        const atGlobal = (await instantQuery(stack.globalUrl, `count by (region) (${record})`)).map((s) => s.metric.region);
        // Where a shard has the rollup, its region must have it at the global tier.
        const atShards = await Promise.all(
          REGIONS.map(async (r) => {
            const counts = await Promise.all((stack.shards[r] ?? []).map(async (url) => (await instantQuery(url, `count(${record})`)).length));
            return counts.some((n) => n > 0) ? r : '';
          }),
        );
        if (atShards.every((r) => r === '')) out.push(`${record} at no shard`);
        for (const r of atShards.filter(Boolean)) if (!atGlobal.includes(r)) out.push(`${record} of ${r} not at the global tier`);
      }
      return out;
    };
    // A rollup that just appeared at a shard reaches the global tier at its next scrape.
    let diff = await missing();
    for (let i = 0; i < 20 && diff.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      diff = await missing();
    }
    expect(diff).toEqual([]);
    for (const record of FEDERATED_RECORDS) expect(await instantQuery(stack.globalUrl, `${record}{shard!=""}`), record).toEqual([]);
    expect((await instantQuery(stack.globalUrl, 'count by (region) (plumb:nodes:count)')).map((s) => s.metric.region).sort()).toEqual(REGIONS);
  });

  it("counts the region's nodes at the global tier as the shards do together", async () => {
    const differences = async () => {
      const out: string[] = [];
      for (const region of REGIONS) {
        const global = await instantQuery(stack.globalUrl, `sum(plumb:nodes:count{region="${region}"})`);
        const perShard = await Promise.all((stack.shards[region] ?? []).map(async (url) => (await instantQuery(url, 'sum(plumb:nodes:count)'))[0]?.value ?? 0));
        const shards = perShard.reduce((a, b) => a + b, 0);
        if (global[0]?.value !== shards || perShard.length !== 2) out.push(`${region}: global ${global[0]?.value}, shards ${perShard.join(' + ')}`);
      }
      return out;
    };
    // Churn moves the counts between scrapes: equal at some instant within a few scrape intervals.
    let diff = await differences();
    for (let i = 0; i < 20 && diff.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      diff = await differences();
    }
    expect(diff).toEqual([]);
  });
});
