import { describe, expect, it } from 'vitest';
import { exporterScrapeConfigs } from './scrape-config';

type Rule = { source_labels?: string[]; regex?: string; target_label?: string; replacement?: string; action: string };

/** Prometheus' relabelling for the actions the generator uses (replace, keep, lowercase); undefined = dropped. */
function relabel(rules: Rule[], input: Record<string, string>): Record<string, string> | undefined {
  const labels = { ...input };
  for (const r of rules) {
    const value = (r.source_labels ?? []).map((l) => labels[l] ?? '').join(';');
    const m = new RegExp(`^(?:${r.regex ?? '(.*)'})$`).exec(value);
    if (r.action === 'keep') {
      if (!m) return undefined;
    } else if (r.action === 'lowercase') {
      labels[r.target_label as string] = value.toLowerCase();
    } else if (m) {
      labels[r.target_label as string] = (r.replacement ?? '$1').replace(/\$(\d)/g, (_s, i: string) => m[Number(i)] ?? '');
    }
  }
  return labels;
}

const [k8s, emr] = exporterScrapeConfigs({
  region: 'eu-west-1',
  namespace: 'plumb',
  release: 'plumb',
  emrClusters: ['j-2AXXXXXXGAPLF'],
  port: 9731,
  interval: '30s',
}) as [{ relabel_configs: Rule[] }, { relabel_configs: Rule[]; ec2_sd_configs: { filters: { name: string; values: string[] }[] }[] }];
const pick = (l: Record<string, string> | undefined) =>
  l && { node: l.node, region: l.region, instance_type: l.instance_type, pool: l.pool, platform: l.platform };

describe('exporterScrapeConfigs', () => {
  const pod = {
    __meta_kubernetes_pod_label_app_kubernetes_io_component: 'exporter',
    __meta_kubernetes_pod_label_app_kubernetes_io_instance: 'plumb',
    __meta_kubernetes_pod_container_port_number: '9731',
    __meta_kubernetes_pod_node_name: 'ip-10-1-2-3.eu-west-1.compute.internal',
    __meta_kubernetes_node_label_topology_kubernetes_io_region: 'eu-west-1',
    __meta_kubernetes_node_label_failure_domain_beta_kubernetes_io_region: 'old-region',
    __meta_kubernetes_node_label_node_kubernetes_io_instance_type: 'r6i.4xlarge',
    __meta_kubernetes_node_label_eks_amazonaws_com_nodegroup: 'ng-spark',
    __meta_kubernetes_node_label_plumb_dev_pool: 'spark-streaming',
  };
  it.each([
    {
      name: 'A Kubernetes exporter pod gets its identity from its node: the most specific label wins.',
      rules: () => k8s.relabel_configs,
      input: pod,
      want: { node: 'ip-10-1-2-3.eu-west-1.compute.internal', region: 'eu-west-1', instance_type: 'r6i.4xlarge', pool: 'spark-streaming', platform: 'k8s' },
    },
    {
      name: 'A node without pool labels is scraped with pool unknown, never guessed.',
      rules: () => k8s.relabel_configs,
      input: { ...pod, __meta_kubernetes_node_label_plumb_dev_pool: '', __meta_kubernetes_node_label_eks_amazonaws_com_nodegroup: '' },
      want: { node: pod.__meta_kubernetes_pod_node_name, region: 'eu-west-1', instance_type: 'r6i.4xlarge', pool: 'unknown', platform: 'k8s' },
    },
    {
      name: 'Pods of another release are not scraped.',
      rules: () => k8s.relabel_configs,
      input: { ...pod, __meta_kubernetes_pod_label_app_kubernetes_io_instance: 'other' },
      want: undefined,
    },
    {
      name: 'An EMR core node is pool emr-core, from the instance-group tag EMR sets.',
      rules: () => emr.relabel_configs,
      input: {
        __meta_ec2_private_ip: '10.2.3.4',
        __meta_ec2_private_dns_name: 'ip-10-2-3-4.eu-west-1.compute.internal',
        __meta_ec2_instance_type: 'm5.2xlarge',
        __meta_ec2_tag_aws_elasticmapreduce_instance_group_role: 'CORE',
      },
      want: { node: 'ip-10-2-3-4.eu-west-1.compute.internal', region: 'eu-west-1', instance_type: 'm5.2xlarge', pool: 'emr-core', platform: 'emr' },
    },
    {
      name: 'A plumb:pool tag on an EMR instance names its pool.',
      rules: () => emr.relabel_configs,
      input: {
        __meta_ec2_private_ip: '10.2.3.4',
        __meta_ec2_private_dns_name: 'n',
        __meta_ec2_instance_type: 'm5.2xlarge',
        __meta_ec2_tag_aws_elasticmapreduce_instance_group_role: 'TASK',
        __meta_ec2_tag_plumb_pool: 'emr-legacy-core',
      },
      want: { node: 'n', region: 'eu-west-1', instance_type: 'm5.2xlarge', pool: 'emr-legacy-core', platform: 'emr' },
    },
  ] as { name: string; rules: () => Rule[]; input: Record<string, string>; want: unknown }[])('$name', ({ rules, input, want }) =>
    expect(pick(relabel(rules(), input))).toEqual(want),
  );

  it.each([
    {
      name: 'A Kubernetes target carries its discovery identity as sd_* labels: the node its pod is scheduled on.',
      rules: () => k8s.relabel_configs,
      input: pod,
      want: { sd_node: pod.__meta_kubernetes_pod_node_name, sd_region: 'eu-west-1', sd_platform: 'k8s' },
    },
    {
      name: 'An EMR target carries its instance id and EMR cluster from EC2 discovery as sd_* labels.',
      rules: () => emr.relabel_configs,
      input: {
        __meta_ec2_private_ip: '10.2.3.4',
        __meta_ec2_private_dns_name: 'ip-10-2-3-4.eu-west-1.compute.internal',
        __meta_ec2_instance_id: 'i-0abc',
        __meta_ec2_tag_aws_elasticmapreduce_job_flow_id: 'j-2AXXXXXXGAPLF',
      },
      want: {
        sd_node: 'ip-10-2-3-4.eu-west-1.compute.internal',
        sd_region: 'eu-west-1',
        sd_platform: 'emr',
        sd_instance_id: 'i-0abc',
        sd_emr_cluster: 'j-2AXXXXXXGAPLF',
      },
    },
  ] as { name: string; rules: () => Rule[]; input: Record<string, string>; want: Record<string, string> }[])('$name', ({ rules, input, want }) => {
    const out = relabel(rules(), input)!;
    expect(Object.fromEntries(Object.keys(want).map((k) => [k, out[k]]))).toEqual(want);
  });

  it('Neither job honours labels the exporter sets, so an exporter cannot override its discovery identity.', () => {
    expect([k8s, emr].map((j) => (j as { honor_labels?: boolean }).honor_labels)).toEqual([false, false]);
  });

  it('EMR targets are the private address on the exporter port.', () => {
    expect(relabel(emr.relabel_configs, { __meta_ec2_private_ip: '10.2.3.4', __address__: '54.1.2.3:9731' })?.__address__).toBe('10.2.3.4:9731');
  });

  it('EC2 discovery keeps running instances of the listed EMR clusters only.', () => {
    expect(emr.ec2_sd_configs[0]?.filters).toEqual([
      { name: 'tag:aws:elasticmapreduce:job-flow-id', values: ['j-2AXXXXXXGAPLF'] },
      { name: 'instance-state-name', values: ['running'] },
    ]);
  });
});
