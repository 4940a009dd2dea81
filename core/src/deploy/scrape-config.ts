/**
 * Prometheus scrape configuration for plumb-exporter on both platforms (pure):
 * - Kubernetes: `kubernetes_sd_configs` (role pod, with the node's metadata attached) keeps the
 *   chart's exporter pods;
 * - EMR: `ec2_sd_configs` keeps running instances carrying EMR's cluster tag (optionally only
 *   the listed clusters).
 * Relabelling sets `node`, `region`, `instance_type`, `pool` and `platform` from discovery, so
 * a series' identity is what service discovery says about the target; an exporter claiming
 * something else keeps its claim only as `exported_*` labels. The discovery identity is also
 * kept apart as `sd_*` labels (the contract's DISCOVERY_LABELS), which the compiled alerts
 * carry to the handler: it refuses an alert whose node disagrees with them. `honor_labels:
 * false` is spelled out so no one flips it without seeing why.
 */
import { stringify } from 'yaml';
import { DISCOVERY_LABELS } from '../contract/metrics';
import { EMR_TAGS, K8S_NODE_LABELS } from './node-label-sources';

export interface ScrapeConfigOptions {
  /** AWS region of this Prometheus, e.g. `eu-west-1`. */
  region: string;
  /** Namespace of the chart's release, e.g. `plumb`. */
  namespace: string;
  /** Helm release name (the pods' `app.kubernetes.io/instance`), e.g. `plumb`. */
  release: string;
  /** EMR cluster ids to scrape; empty: every EMR cluster in the region. */
  emrClusters: string[];
  port: number;
  /** Scrape interval, e.g. `30s`. */
  interval: string;
}

type Relabel = Record<string, unknown>;

/** Prometheus' spelling of a discovered label or tag name: anything but [a-zA-Z0-9_] becomes `_`. */
export function metaName(prefix: string, name: string): string {
  return `${prefix}${name.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** Sets `target` from the first source present: relabel rules run in order, so the most specific goes last. */
function firstOf(sources: readonly string[], target: string): Relabel[] {
  return [...sources].reverse().map((s) => ({ source_labels: [s], regex: '(.+)', target_label: target, replacement: '$1', action: 'replace' }));
}

const set = (target: string, value: string): Relabel => ({ target_label: target, replacement: value, action: 'replace' });
const copy = (source: string, target: string): Relabel => ({ source_labels: [source], target_label: target, action: 'replace' });

/** The discovery identity, copied from what relabelling just set from discovery metadata. */
const discoveryIdentity = (): Relabel[] => [
  copy('node', DISCOVERY_LABELS.node),
  copy('region', DISCOVERY_LABELS.region),
  copy('platform', DISCOVERY_LABELS.platform),
];

function kubernetesJob(o: ScrapeConfigOptions): Record<string, unknown> {
  const node = (l: string) => metaName('__meta_kubernetes_node_label_', l);
  return {
    job_name: 'plumb-exporter-k8s',
    scrape_interval: o.interval,
    honor_labels: false,
    kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [o.namespace] }, attach_metadata: { node: true } }],
    relabel_configs: [
      {
        source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_component', '__meta_kubernetes_pod_label_app_kubernetes_io_instance'],
        regex: `exporter;${o.release}`,
        action: 'keep',
      },
      { source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: String(o.port), action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node', action: 'replace' },
      set('region', 'unknown'),
      ...firstOf(K8S_NODE_LABELS.region.map(node), 'region'),
      set('instance_type', 'unknown'),
      ...firstOf(K8S_NODE_LABELS.instanceType.map(node), 'instance_type'),
      set('pool', 'unknown'),
      ...firstOf(K8S_NODE_LABELS.pool.map(node), 'pool'),
      set('platform', 'k8s'),
      ...discoveryIdentity(),
    ],
  };
}

function emrJob(o: ScrapeConfigOptions): Record<string, unknown> {
  const tag = (t: string) => metaName('__meta_ec2_tag_', t);
  const clusterFilter = o.emrClusters.length > 0 ? { name: `tag:${EMR_TAGS.cluster}`, values: o.emrClusters } : { name: 'tag-key', values: [EMR_TAGS.cluster] };
  return {
    job_name: 'plumb-exporter-emr',
    scrape_interval: o.interval,
    honor_labels: false,
    ec2_sd_configs: [{ region: o.region, port: o.port, filters: [clusterFilter, { name: 'instance-state-name', values: ['running'] }] }],
    relabel_configs: [
      // The private address: exporters listen inside the VPC, never on a public IP.
      { source_labels: ['__meta_ec2_private_ip'], regex: '(.+)', target_label: '__address__', replacement: `$1:${o.port}`, action: 'replace' },
      { source_labels: ['__meta_ec2_private_dns_name'], target_label: 'node', action: 'replace' },
      set('region', o.region),
      { source_labels: ['__meta_ec2_instance_type'], target_label: 'instance_type', action: 'replace' },
      set('pool', 'unknown'),
      { source_labels: [tag(EMR_TAGS.instanceGroupRole)], regex: '(.+)', target_label: 'pool', replacement: 'emr-$1', action: 'replace' },
      { source_labels: ['pool'], target_label: 'pool', action: 'lowercase' },
      { source_labels: [tag(EMR_TAGS.pool)], regex: '(.+)', target_label: 'pool', replacement: '$1', action: 'replace' },
      set('platform', 'emr'),
      ...discoveryIdentity(),
      copy('__meta_ec2_instance_id', DISCOVERY_LABELS.instanceId),
      copy(tag(EMR_TAGS.cluster), DISCOVERY_LABELS.emrCluster),
    ],
  };
}

/** The two scrape jobs, as a `scrape_configs` list. */
export function exporterScrapeConfigs(o: ScrapeConfigOptions): Record<string, unknown>[] {
  return [kubernetesJob(o), emrJob(o)];
}

/** The jobs as a `scrape_configs:` YAML document with the generated-file header. */
export function renderScrapeConfig(o: ScrapeConfigOptions): string {
  return `# Code generated by plumb scrape-config --region ${o.region}. DO NOT EDIT.\n${stringify({ scrape_configs: exporterScrapeConfigs(o) }, { lineWidth: 0, indent: 2 })}`;
}
