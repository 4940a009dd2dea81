/**
 * Prometheus and Alertmanager configuration for the local stack, as plain objects
 * (serialised to YAML by the caller). Pure.
 */

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
}

export function regionalPrometheus(c: RegionalPrometheusConfig): object {
  return {
    global: {
      scrape_interval: c.scrapeInterval,
      evaluation_interval: c.evaluationInterval,
      scrape_timeout: minDuration(c.scrapeInterval, '10s'),
      external_labels: { region: c.region },
    },
    rule_files: [c.ruleFile],
    alerting: { alertmanagers: [{ static_configs: [{ targets: c.alertmanagers }] }] },
    scrape_configs: [
      // honor_labels false: the sd_* identity the file_sd targets carry wins over anything the exporter says.
      {
        job_name: c.exporterJob,
        honor_labels: false,
        file_sd_configs: [{ files: Array.isArray(c.fileSdPath) ? c.fileSdPath : [c.fileSdPath], refresh_interval: '5s' }],
      },
      {
        job_name: 'symptoms',
        honor_labels: true,
        metrics_path: c.symptomsPath,
        static_configs: [{ targets: [c.symptomsTarget], labels: { source: 'simulator' } }],
      },
    ],
  };
}

export interface GlobalPrometheusConfig {
  scrapeInterval: string;
  regional: { region: string; target: string }[];
}

/** The global Prometheus federates only the `plumb:*` rollups from each region. */
export function globalPrometheus(c: GlobalPrometheusConfig): object {
  return {
    global: { scrape_interval: c.scrapeInterval, evaluation_interval: c.scrapeInterval, external_labels: { scope: 'global' } },
    scrape_configs: [
      {
        job_name: 'federate-plumb',
        honor_labels: true,
        metrics_path: '/federate',
        params: { 'match[]': ['{__name__=~"plumb:(nodes|drift_nodes|unknown_nodes|pool_drift):.*"}'] },
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
