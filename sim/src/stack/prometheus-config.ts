/**
 * Prometheus and Alertmanager configuration for the local stack, as plain objects
 * (serialised to YAML by the caller). Pure.
 */
import { federationMatchers, SHARD_FEDERATED_RECORDS, TIER_FEEDBACK_RECORDS } from '@plumb/core/contract';

export interface RegionalPrometheusConfig {
  region: string;
  scrapeInterval: string;
  evaluationInterval: string;
  ruleFile: string;
  /** file_sd file(s) listing this region's exporters. */
  fileSdPath: string | string[];
  /** host:port serving the region's symptom metrics. */
  symptomsTarget: string;
  symptomsPath: string;
  alertmanagers: string[];
  exporterJob: string;
  /**
   * This server is shard `index` of `of` `hashmod` shards of the region, under the regional
   * tier at `tier` (host:port); absent: it scrapes the whole region.
   */
  shard?: { index: number; of: number; tier: string } | undefined;
}

/** The label a shard's series and alerts carry (an external label), and the regional tier sums away. */
export const SHARD_LABEL = 'shard';
/** The regional tier's federation of its shards' rollups. */
export const SHARD_FEDERATION_JOB = 'federate-shards';

/** A `/federate` scrape of `records`, stamped at scrape time (see below) and keeping the source's labels. */
function federate(jobName: string, records: readonly string[], targets: string[]): object {
  return {
    job_name: jobName,
    honor_labels: true,
    // Federated samples carry their own timestamps, and Prometheus writes no staleness
    // marker for those: a rollup the source stops recording would be read for 5 more
    // minutes. Stamped at scrape time, it goes stale at the next scrape.
    honor_timestamps: false,
    metrics_path: '/federate',
    params: { 'match[]': federationMatchers(records) },
    static_configs: [{ targets }],
  };
}

/**
 * Keeps the targets whose hash of `__address__` (and `__metrics_path__`, constant in a real
 * fleet but what tells the simulator's nodes apart on its one port) falls in this shard.
 */
export function hashmodShard(index: number, of: number): object[] {
  return [
    { source_labels: ['__address__', '__metrics_path__'], modulus: of, target_label: '__tmp_plumb_shard', action: 'hashmod' },
    { source_labels: ['__tmp_plumb_shard'], regex: String(index), action: 'keep' },
  ];
}

export function regionalPrometheus(c: RegionalPrometheusConfig): object {
  // honor_labels false: the sd_* identity the file_sd targets carry wins over anything the exporter says.
  const exporter = {
    job_name: c.exporterJob,
    honor_labels: false,
    file_sd_configs: [{ files: Array.isArray(c.fileSdPath) ? c.fileSdPath : [c.fileSdPath], refresh_interval: '5s' }],
  };
  return {
    global: {
      scrape_interval: c.scrapeInterval,
      evaluation_interval: c.evaluationInterval,
      scrape_timeout: minDuration(c.scrapeInterval, '10s'),
      external_labels: c.shard ? { region: c.region, [SHARD_LABEL]: String(c.shard.index) } : { region: c.region },
    },
    rule_files: [c.ruleFile],
    alerting: { alertmanagers: [{ static_configs: [{ targets: c.alertmanagers }] }] },
    scrape_configs: [
      c.shard ? { ...exporter, relabel_configs: hashmodShard(c.shard.index, c.shard.of) } : exporter,
      {
        job_name: 'symptoms',
        honor_labels: true,
        metrics_path: c.symptomsPath,
        static_configs: [{ targets: [c.symptomsTarget], labels: { source: 'simulator' } }],
      },
      // From the tier: the cohorts' majorities for the consistency rules, and the shard count that silences the shard's region-wide alerts.
      ...(c.shard ? [federate('federate-tier', TIER_FEEDBACK_RECORDS, [c.shard.tier])] : []),
    ],
  };
}

export interface RegionalTierConfig {
  region: string;
  scrapeInterval: string;
  evaluationInterval: string;
  /** The level-2 rules (`GLOBAL_RULE_FILE` of the compiler): sums over shards, ratios, majorities, the region-wide alerts (widespread drift, symptom SLOs). */
  ruleFile: string;
  /** The region's Alertmanagers: the tier sends the region-wide alerts the shards cannot decide. */
  alertmanagers: string[];
  /** host:port of each shard of the region. */
  shards: string[];
}

/**
 * The regional tier above `hashmod` shards: it federates the shards' rollups (each with
 * its `shard` external label) and evaluates the level-2 rules on them. It reads nothing
 * through remote read: Prometheus evaluates rules on remote-read data too, and a shard
 * answers a `shard=""` matcher with its own series (it drops matchers on its external
 * labels), which would count every shard twice.
 */
export function regionalTierPrometheus(c: RegionalTierConfig): object {
  return {
    global: {
      scrape_interval: c.scrapeInterval,
      evaluation_interval: c.evaluationInterval,
      scrape_timeout: minDuration(c.scrapeInterval, '10s'),
      external_labels: { region: c.region },
    },
    rule_files: [c.ruleFile],
    alerting: { alertmanagers: [{ static_configs: [{ targets: c.alertmanagers }] }] },
    scrape_configs: [federate(SHARD_FEDERATION_JOB, SHARD_FEDERATED_RECORDS, c.shards)],
  };
}

/**
 * Where a sharded region answers per-node questions (which nodes drift, which are unknown,
 * which alerts fire): a Prometheus that stores nothing and reads its shards through remote
 * read, the way Thanos Query or Mimir would. The region's rollups are at the tier.
 * `filter_external_labels: false` because the shards' series carry the same `region`
 * label as this server's external label, which remote read would otherwise strip.
 */
export function regionalQueryPrometheus(c: { region: string; shards: string[] }): object {
  return {
    global: { external_labels: { region: c.region } },
    remote_read: c.shards.map((target, index) => ({
      name: `${SHARD_LABEL}-${index}`,
      url: `http://${target}/api/v1/read`,
      read_recent: true,
      filter_external_labels: false,
    })),
  };
}

export interface GlobalPrometheusConfig {
  scrapeInterval: string;
  regional: { region: string; target: string }[];
}

/** The global Prometheus federates the rollups the contract names (`FEDERATED_RECORDS`) from each region. */
export function globalPrometheus(c: GlobalPrometheusConfig): object {
  return {
    global: { scrape_interval: c.scrapeInterval, evaluation_interval: c.scrapeInterval, external_labels: { scope: 'global' } },
    scrape_configs: [
      {
        job_name: 'federate-plumb',
        honor_labels: true,
        // As at the regional tier: a rollup that ends goes stale at the next scrape, not 5 minutes later.
        honor_timestamps: false,
        metrics_path: '/federate',
        params: { 'match[]': federationMatchers() },
        // A sharded region's tier also holds its shards' rollups (what it sums): only the region's travel on.
        metric_relabel_configs: [{ source_labels: [SHARD_LABEL], regex: '.+', action: 'drop' }],
        static_configs: c.regional.map((r) => ({ targets: [r.target], labels: { federated_from: r.region } })),
      },
    ],
  };
}

export interface AlertmanagerConfig {
  webhookUrl: string;
  bearerTokenFile: string;
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
}

/** One Alertmanager routes every region to the handler; grouping keeps one alert per node and dimension. */
export function alertmanager(c: AlertmanagerConfig): object {
  return {
    route: {
      receiver: 'plumb-hooks',
      group_by: ['alertname', 'region', 'node', 'workload', 'dimension', 'pool'],
      group_wait: c.groupWait,
      group_interval: c.groupInterval,
      repeat_interval: c.repeatInterval,
    },
    receivers: [
      {
        name: 'plumb-hooks',
        webhook_configs: [
          { url: c.webhookUrl, send_resolved: true, max_alerts: 0, http_config: { authorization: { type: 'Bearer', credentials_file: c.bearerTokenFile } } },
        ],
      },
    ],
  };
}

function minDuration(a: string, b: string): string {
  const s = (d: string) => Number(d.slice(0, -1)) * (d.endsWith('m') ? 60 : 1);
  return s(a) <= s(b) ? a : b;
}
