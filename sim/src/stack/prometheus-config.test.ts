import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { FEDERATED_RECORDS, RECORD } from '@plumb/core/contract';
import { globalPrometheus, regionalPrometheus, regionalQueryPrometheus, regionalTierPrometheus } from './prometheus-config';

const regional = {
  region: 'eu-west-1',
  scrapeInterval: '30s',
  evaluationInterval: '30s',
  ruleFile: 'rules.yaml',
  fileSdPath: 'eu-west-1.json',
  symptomsTarget: '127.0.0.1:9300',
  symptomsPath: '/symptoms/eu-west-1/metrics',
  alertmanagers: ['127.0.0.1:9093'],
  exporterJob: 'plumb-exporter',
};
type Job = {
  job_name: string;
  relabel_configs?: { action: string; regex?: string; modulus?: number }[];
  params?: { 'match[]': string[] };
  metric_relabel_configs?: object[];
};
type Config = {
  global: { external_labels: Record<string, string> };
  scrape_configs?: Job[];
  remote_read?: { filter_external_labels: boolean }[];
  alerting?: unknown;
};

const shard = regionalPrometheus({ ...regional, shard: { index: 1, of: 2, tier: '127.0.0.1:9500' } }) as Config;
const tier = regionalTierPrometheus({
  region: 'eu-west-1',
  scrapeInterval: '30s',
  evaluationInterval: '30s',
  ruleFile: 'global.yaml',
  alertmanagers: ['127.0.0.1:9093'],
  shards: ['a:1', 'b:2'],
}) as Config;
const query = regionalQueryPrometheus({ region: 'eu-west-1', shards: ['a:1', 'b:2'] }) as Config;
const global = globalPrometheus({ scrapeInterval: '30s', regional: [{ region: 'eu-west-1', target: 'x:1' }] }) as Config;
const job = (c: Config, name: string) => c.scrape_configs?.find((j) => j.job_name === name);

describe('the sharded topology configuration', () => {
  it('keeps one hashmod share of the exporters on a shard, with a shard external label.', () => {
    expect(shard.global.external_labels).toEqual({ region: 'eu-west-1', shard: '1' });
    expect(job(shard, 'plumb-exporter')?.relabel_configs?.map((r) => [r.action, r.modulus ?? r.regex])).toEqual([
      ['hashmod', 2],
      ['keep', '1'],
    ]);
  });

  it('feeds the consistency majorities and the shard count back from the tier to each shard.', () => {
    expect(job(shard, 'federate-tier')?.params?.['match[]']).toEqual([`{__name__="${RECORD.configHashMode}"}`, `{__name__="${RECORD.regionShardsCount}"}`]);
  });

  it("sends the tier's alerts (widespread drift, symptom SLOs) to the region's Alertmanager.", () => {
    expect(tier.alerting).toEqual(shard.alerting);
  });

  it('federates the rollups and the hash counts into the tier, which reads nothing through remote read.', () => {
    expect(job(tier, 'federate-shards')?.params?.['match[]']).toContain(`{__name__="${RECORD.configHashNodesCount}"}`);
    expect(tier.remote_read).toBeUndefined();
  });

  it("answers per-node questions at the query server through remote read that keeps the shards' region label.", () => {
    expect(query.remote_read?.map((r) => r.filter_external_labels)).toEqual([false, false]);
  });

  it('federates only the contract rollups into the global tier, dropping the shards’ copies.', () => {
    expect(job(global, 'federate-plumb')?.params?.['match[]']).toHaveLength(FEDERATED_RECORDS.length);
    expect(job(global, 'federate-plumb')?.metric_relabel_configs).toEqual([{ source_labels: ['shard'], regex: '.+', action: 'drop' }]);
  });

  const dir = mkdtempSync(join(tmpdir(), 'plumb-prom-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it.each([
    ['shard', shard],
    ['tier', tier],
    ['query', query],
    ['global', global],
  ])('gives a %s configuration that promtool accepts.', (name, config) => {
    const file = join(dir, `${name}.yml`);
    // promtool checks rule files named in the config; these are placeholders here.
    writeFileSync(join(dir, 'rules.yaml'), 'groups: []\n');
    writeFileSync(join(dir, 'global.yaml'), 'groups: []\n');
    const c = structuredClone(config) as Record<string, unknown>;
    if (Array.isArray(c.rule_files)) c.rule_files = (c.rule_files as string[]).map((f) => join(dir, f));
    writeFileSync(file, stringify(c));
    expect(() => execFileSync('promtool', ['check', 'config', '--syntax-only', file], { stdio: 'pipe' })).not.toThrow();
  });
});
