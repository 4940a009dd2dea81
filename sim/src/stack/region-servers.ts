/**
 * One region's Prometheus servers in the local stack: a single server scraping the whole
 * region, or `shards` `hashmod` shards (each scraping its share of the targets and running
 * the compiled rules) under a regional tier that reads them through remote read and
 * evaluates the region's rollups (`regional-tier-rules.ts`). Either way the region answers
 * at one URL, the one the handler, the run tracker and the global tier use.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '@plumb/io';
import { startProcess, type ManagedProcess } from './process';
import { regionalPrometheus, regionalTierPrometheus, type RegionalPrometheusConfig } from './prometheus-config';
import { regionalTierRules } from './regional-tier-rules';

export interface RegionServers {
  /** Where the region answers: its only server, or the regional tier above the shards. */
  url: string;
  /** host:port the global tier federates from. */
  federateTarget: string;
  /** The shards' URLs (empty when unsharded). */
  shardUrls: string[];
  processes: ManagedProcess[];
  stop(): Promise<void>;
}

export interface RegionServersOptions {
  work: string;
  /** 1 (or less): one server for the region. */
  shards: number;
  /** The port of the region's entry point (its only server or its regional tier). */
  port: number;
  config: Omit<RegionalPrometheusConfig, 'shard'>;
}

export async function startRegionServers(o: RegionServersOptions): Promise<RegionServers> {
  const { region } = o.config;
  const started: ManagedProcess[] = [];
  const stop = async () => void (await Promise.all([...started].reverse().map((p) => p.stop())));
  const url = `http://127.0.0.1:${o.port}`;
  try {
    if (o.shards <= 1) {
      const cfg = writeYaml(join(o.work, `prometheus-${region}.yml`), regionalPrometheus(o.config));
      started.push(await startPrometheus(`prometheus-${region}`, cfg, join(o.work, 'data', region), o.port, join(o.work, 'logs')));
      return { url, federateTarget: `127.0.0.1:${o.port}`, shardUrls: [], processes: started, stop };
    }
    const shardTargets: string[] = [];
    for (let index = 0; index < o.shards; index++) {
      const port = await freePort();
      const name = `prometheus-${region}-shard-${index}`;
      const cfg = writeYaml(join(o.work, `${name}.yml`), regionalPrometheus({ ...o.config, shard: { index, of: o.shards } }));
      started.push(await startPrometheus(name, cfg, join(o.work, 'data', `${region}-shard-${index}`), port, join(o.work, 'logs')));
      shardTargets.push(`127.0.0.1:${port}`);
    }
    const rules = writeYaml(join(o.work, 'rules', `regional-tier-${region}.yaml`), regionalTierRules());
    const tierCfg = writeYaml(
      join(o.work, `prometheus-${region}-tier.yml`),
      regionalTierPrometheus({
        region,
        scrapeInterval: o.config.scrapeInterval,
        evaluationInterval: o.config.evaluationInterval,
        ruleFile: rules,
        shards: shardTargets,
        alertmanagers: o.config.alertmanagers,
      }),
    );
    started.push(await startPrometheus(`prometheus-${region}-tier`, tierCfg, join(o.work, 'data', `${region}-tier`), o.port, join(o.work, 'logs')));
    return { url, federateTarget: `127.0.0.1:${o.port}`, shardUrls: shardTargets.map((t) => `http://${t}`), processes: started, stop };
  } catch (err) {
    await stop();
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
