/**
 * One region's Prometheus servers in the local stack: a single server scraping the whole
 * region, or `shards` `hashmod` shards (each scraping its share of the targets and running
 * the level-1 rules) under a regional tier (federating the shards' rollups and running the
 * level-2 rules, federated by the global tier) and a query server that reads every shard
 * through remote read. Per-node questions (the handler, the run tracker) go to the query
 * server; the region's rollups are at the tier.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '@plumb/io';
import { startProcess, type ManagedProcess } from './process';
import { regionalPrometheus, regionalQueryPrometheus, regionalTierPrometheus, type RegionalPrometheusConfig } from './prometheus-config';

export interface RegionServers {
  /** Where the region answers per-node questions: its only server, or its query server. */
  url: string;
  /** Where the region's rollups are: its only server, or its regional tier. */
  rollupsUrl: string;
  /** host:port the global tier federates from. */
  federateTarget: string;
  /** The shards' URLs (empty when unsharded). */
  shardUrls: string[];
  processes: ManagedProcess[];
}

export interface RegionServersOptions {
  work: string;
  /** 1 (or less): one server for the region. */
  shards: number;
  /** The port the region answers at (its only server, or its query server). */
  port: number;
  config: Omit<RegionalPrometheusConfig, 'shard'>;
  /** The level-2 rules, for the regional tier above shards. */
  tierRuleFile: string;
}

export async function startRegionServers(o: RegionServersOptions): Promise<RegionServers> {
  const { region } = o.config;
  const started: ManagedProcess[] = [];
  const url = `http://127.0.0.1:${o.port}`;
  const logs = join(o.work, 'logs');
  try {
    if (o.shards <= 1) {
      const cfg = writeYaml(join(o.work, `prometheus-${region}.yml`), regionalPrometheus(o.config));
      started.push(await startPrometheus(`prometheus-${region}`, cfg, join(o.work, 'data', region), o.port, logs));
      return { url, rollupsUrl: url, federateTarget: `127.0.0.1:${o.port}`, shardUrls: [], processes: started };
    }
    const tierPort = await freePort();
    const tier = `127.0.0.1:${tierPort}`;
    const shardTargets: string[] = [];
    for (let index = 0; index < o.shards; index++) {
      const port = await freePort();
      const name = `prometheus-${region}-shard-${index}`;
      const cfg = writeYaml(join(o.work, `${name}.yml`), regionalPrometheus({ ...o.config, shard: { index, of: o.shards, tier } }));
      started.push(await startPrometheus(name, cfg, join(o.work, 'data', `${region}-shard-${index}`), port, logs));
      shardTargets.push(`127.0.0.1:${port}`);
    }
    const tierCfg = writeYaml(
      join(o.work, `prometheus-${region}-tier.yml`),
      regionalTierPrometheus({
        region,
        scrapeInterval: o.config.scrapeInterval,
        evaluationInterval: o.config.evaluationInterval,
        ruleFile: o.tierRuleFile,
        alertmanagers: o.config.alertmanagers,
        shards: shardTargets,
      }),
    );
    started.push(await startPrometheus(`prometheus-${region}-tier`, tierCfg, join(o.work, 'data', `${region}-tier`), tierPort, logs));
    const queryCfg = writeYaml(join(o.work, `prometheus-${region}-query.yml`), regionalQueryPrometheus({ region, shards: shardTargets }));
    started.push(await startPrometheus(`prometheus-${region}-query`, queryCfg, join(o.work, 'data', `${region}-query`), o.port, logs));
    return { url, rollupsUrl: `http://${tier}`, federateTarget: tier, shardUrls: shardTargets.map((t) => `http://${t}`), processes: started };
  } catch (err) {
    await Promise.all([...started].reverse().map((p) => p.stop()));
    throw err;
  }
}

function writeYaml(path: string, content: object): string {
  writeFileSync(path, stringify(content));
  return path;
}

/** A Prometheus of the stack: small, short retention, ready within a minute. */
export function startPrometheus(name: string, config: string, dataDir: string, port: number, logDir: string): Promise<ManagedProcess> {
  mkdirSync(dataDir, { recursive: true });
  return startProcess({
    name,
    command: 'prometheus',
    args: [
      `--config.file=${config}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=2h',
      '--log.level=info',
    ],
    logFile: join(logDir, `${name}.log`),
    readyUrl: `http://127.0.0.1:${port}/-/ready`,
    readyTimeoutMs: 60_000,
  });
}
