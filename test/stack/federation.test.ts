/**
 * The global tier has every rollup the dashboards and the plugin read. The rollups are
 * the `:count` and `:ratio` records of the contract; the global Prometheus's `match[]`
 * list is derived from the contract's `FEDERATED_RECORDS`. Checked twice: statically
 * (each rollup named by a dashboard panel or a plugin query is federated) and at a real
 * global Prometheus federating a real regional one running the compiled rules.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEDERATED_RECORDS, RECORD, RECORDS, SHARD_FEDERATED_RECORDS } from '@plumb/core/contract';
import { globalPrometheus } from '@plumb/sim/stack/prometheus-config';
import { startPrometheusServer, type PrometheusServer } from '../support/prometheus-server';
import { instant, startFleetPrometheus, waitFor, type FleetPrometheus } from '../plugin/support/prometheus';

const repoRoot = resolve(import.meta.dirname, '../..');
const isRollup = (name: string) => /:(count|ratio)$/.test(name);
const ROLLUPS = Object.values(RECORDS)
  .map((r) => r.name)
  .filter(isRollup);

/** Record names a text names, either literally (`plumb:x:count`) or as `RECORD.key`. */
function recordsNamedIn(text: string): string[] {
  const literal = text.match(/plumb:[a-z_]+:[a-z_]+/g) ?? [];
  const keyed = [...text.matchAll(/RECORD\.(\w+)/g)].map((m) => (RECORD as Record<string, string>)[m[1] ?? ''] ?? '');
  return [...literal, ...keyed].filter(Boolean);
}

const dashboardDir = join(repoRoot, 'dashboards/generated/dashboards');
const pluginDir = join(repoRoot, 'grafana-plugin/src/api');
const read: Record<string, string[]> = {
  ...Object.fromEntries(readdirSync(dashboardDir).map((f) => [`dashboard ${f}`, recordsNamedIn(readFileSync(join(dashboardDir, f), 'utf8'))])),
  ...Object.fromEntries(
    readdirSync(pluginDir)
      .filter((f) => f.endsWith('.ts') && !f.includes('.test.'))
      .map((f) => [`plugin ${f}`, recordsNamedIn(readFileSync(join(pluginDir, f), 'utf8'))]),
  ),
};
const rollupsRead = [...new Set(Object.values(read).flat().filter(isRollup))].sort();

describe('the rollups the global tier federates', () => {
  it('are, with what only a regional tier needs (per-shard hash counts, symptom partials) and the shard count only the tier records, every count and ratio record of the contract.', () => {
    expect([...SHARD_FEDERATED_RECORDS, RECORD.regionShardsCount].filter(isRollup).sort()).toEqual([...ROLLUPS].sort());
    expect(SHARD_FEDERATED_RECORDS).toEqual(expect.arrayContaining([RECORD.symptomRegionSum, RECORD.symptomRegionCount, RECORD.symptomRegionMax]));
  });

  it('include every rollup a dashboard panel or a plugin query reads.', () => {
    expect(rollupsRead.length).toBeGreaterThanOrEqual(4);
    for (const [where, names] of Object.entries(read)) for (const n of names.filter(isRollup)) expect(FEDERATED_RECORDS, `${where} reads ${n}`).toContain(n);
  });
});

describe('a real global Prometheus federating a regional one', () => {
  let regional: FleetPrometheus;
  let global: PrometheusServer;
  let dir: string;
  beforeAll(async () => {
    regional = await startFleetPrometheus();
    dir = mkdtempSync(join(tmpdir(), 'plumb-global-'));
    global = await startPrometheusServer({
      dir,
      config: stringify(globalPrometheus({ scrapeInterval: '2s', regional: [{ region: 'fleet', target: new URL(regional.url).host }] })),
    });
    await waitFor(
      async () => (await instant(global.url, RECORD.nodesCount)).length > 0,
      60_000,
      () => `the global Prometheus federated nothing; see ${global.logFile}`,
    );
  }, 180_000);
  afterAll(async () => {
    await global?.stop();
    await regional?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has series for every rollup the dashboards and the plugin read, and for every federated rollup.', async () => {
    const missing: string[] = [];
    for (const name of new Set([...rollupsRead, ...FEDERATED_RECORDS])) if ((await instant(global.url, name)).length === 0) missing.push(name);
    expect(missing).toEqual([]);
  });

  it('federates no per-node series.', async () => {
    const perNode = await instant(global.url, 'count by (__name__) ({__name__=~"plumb:.+"})');
    expect(perNode.map((s) => s.metric.__name__).filter((n) => !isRollup(n ?? ''))).toEqual([]);
  });
});
