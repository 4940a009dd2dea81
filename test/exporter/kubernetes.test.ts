/**
 * The Kubernetes collector against a real kube-apiserver (built by
 * scripts/kube/build.sh): pods on this node only, image digests, literal env
 * values, `valueFrom` reference identities, `--conf` arguments, workload types
 * from pod labels and node identity from node labels.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectHost, type HostCollection } from '@plumb/exporter/collect/host';
import { loadSpecFile } from '@plumb/io';
import { createKubernetesCollector } from '@plumb/exporter/kubernetes/collector';
import { identityFromNodeLabels } from '@plumb/exporter/kubernetes/node-labels';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';
import { FIXTURE_SPEC, startExporter } from './support';

const NS = 'plumb-exporter-it';
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const PLANTED = 'PLANTED-POD-TOKEN-77';
let cluster: KubeCluster;
let core: CoreV1Api;

async function pod(node: string, name: string, labels: Record<string, string>, spec: Partial<NonNullable<V1Pod['spec']>>, phase = 'Running'): Promise<void> {
  const created = await core.createNamespacedPod({ namespace: NS, body: { metadata: { name, labels }, spec: { nodeName: node, containers: [], ...spec } } });
  const containerStatuses = (created.spec?.containers ?? []).map((c) => ({
    name: c.name,
    image: c.image ?? '',
    imageID: `${c.image ?? ''}@${DIGEST}`,
    ready: true,
    restartCount: 0,
  }));
  // No kubelet runs here: write the status a kubelet would.
  await core.replaceNamespacedPodStatus({ name, namespace: NS, body: { ...created, status: { phase, containerStatuses } } });
}

beforeAll(async () => {
  cluster = await startKubeCluster();
  core = cluster.kubeConfig.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: NS } } });
  await core.createNode({
    body: {
      metadata: {
        name: 'k-node-1',
        labels: { 'topology.kubernetes.io/region': 'us-west-2', 'node.kubernetes.io/instance-type': 'r6i.2xlarge', 'eks.amazonaws.com/nodegroup': 'spark-ng' },
      },
    },
  });
  await core.createNode({ body: { metadata: { name: 'k-node-2', labels: { 'topology.kubernetes.io/region': 'us-west-2' } } } });
  const executor = (tz: string) => ({
    containers: [
      {
        name: 'main',
        image: 'registry.invalid/spark:3.5.1',
        args: ['--conf', `spark.sql.session.timeZone=${tz}`, '--conf=spark.executor.cores=4'],
        env: [{ name: 'KAFKA_SASL_PASSWORD', valueFrom: { secretKeyRef: { name: 'kafka-creds', key: 'password' } } }],
      },
    ],
  });
  await pod('k-node-1', 'exec-utc', { 'spark-role': 'executor', 'plumb.dev/workload': 'spark-streaming' }, executor('UTC'));
  await pod('k-node-1', 'exec-ny', { 'spark-role': 'executor', 'plumb.dev/workload': 'spark-streaming' }, executor('America/New_York'));
  await pod(
    'k-node-1',
    'dbt-1',
    { app: 'dbt-runner', team: 'analytics' },
    {
      containers: [
        {
          name: 'main',
          image: 'registry.invalid/dbt:1.8',
          env: [
            { name: 'LOADER_MODE', value: 'merge' },
            { name: 'SNOWFLAKE_TOKEN', value: PLANTED },
          ],
        },
      ],
    },
  );
  await pod(
    'k-node-1',
    'dbt-done',
    { app: 'dbt-runner', team: 'finished' },
    { containers: [{ name: 'main', image: 'registry.invalid/dbt:1.7' }] },
    'Succeeded',
  );
  await pod('k-node-2', 'elsewhere', { app: 'dbt-runner', team: 'other-node' }, { containers: [{ name: 'main', image: 'registry.invalid/dbt:0.1' }] });
});

afterAll(async () => {
  await cluster?.stop();
});

describe('Kubernetes collector on a real kube-apiserver', () => {
  let got: HostCollection;
  let labels: Record<string, string> | undefined;
  beforeAll(async () => {
    const loaded = loadSpecFile(FIXTURE_SPEC);
    if (!loaded.ok) throw new Error('fixture spec does not load');
    const collector = createKubernetesCollector(core, 'k-node-1');
    got = await collectHost(loaded.model, {
      salt: Buffer.from('kube-test-salt-0123456789abcdef'),
      identity: { node: 'k-node-1', region: 'x', instanceType: 'x', pool: 'x', platform: 'k8s' },
      root: mkdtempSync(join(tmpdir(), 'plumb-empty-root-')),
      workloads: [],
      hostCollectors: [],
      extraCollectors: [collector],
      runCommands: false,
    });
    labels = collector.nodeLabels();
  });
  const find = (workload: string, dimension: string) => got.observations.filter((o) => o.workload === workload && o.dimension === dimension);

  it('The collector succeeds and finds the workload types of the running pods on this node only.', () => {
    expect(got.runs).toEqual([expect.objectContaining({ collector: 'kubernetes', success: true })]);
    expect(got.workloads).toEqual(['dbt-runner', 'spark-streaming']);
    expect(find('dbt-runner', 'pod.team').map((o) => o.value)).toEqual(['analytics']);
  });

  it('Image digests come from the container statuses.', () => {
    expect(find('spark-streaming', 'image.digest')).toHaveLength(1);
    expect(got.canonical.get('spark-streaming/image.digest')).toEqual([DIGEST]);
    expect(find('dbt-runner', 'image').map((o) => o.value)).toEqual(['registry.invalid/dbt:1.8']);
  });

  it('Two executors that disagree on a --conf argument show both hashes.', () => {
    expect(
      find('spark-streaming', 'spark.conf.timeZone')
        .map((o) => o.value)
        .sort(),
    ).toEqual(['America/New_York', 'UTC']);
  });

  it('A valueFrom env var is observed as its reference identity, hashed only.', () => {
    const sasl = find('spark-streaming', 'KAFKA_SASL_PASSWORD');
    expect(sasl).toHaveLength(1);
    expect(sasl[0]?.value).toBeUndefined();
    expect(got.canonical.get('spark-streaming/KAFKA_SASL_PASSWORD')).toEqual([`secretKeyRef:${NS}/kafka-creds/password`]);
  });

  it('A literal env value is exposed when the spec allows it, and a secret-looking one is hashed only.', () => {
    expect(find('dbt-runner', 'LOADER_MODE').map((o) => o.value)).toEqual(['merge']);
    expect(find('dbt-runner', 'snowflake.session')[0]?.value).toBeUndefined();
    expect(JSON.stringify(got.observations)).not.toContain(PLANTED);
  });

  it('Node labels give the region, instance type and pool.', () => {
    expect(identityFromNodeLabels('k-node-1', labels ?? {})).toEqual({
      node: 'k-node-1',
      region: 'us-west-2',
      instanceType: 'r6i.2xlarge',
      pool: 'spark-ng',
      platform: 'k8s',
    });
  });

  it('The exporter started with --kubernetes labels its node from the API server and serves pod dimensions.', async () => {
    const exp = await startExporter({}, ['--kubernetes', '--kubeconfig', cluster.kubeconfigPath], ['--node', 'k-node-1']);
    try {
      const text = await (await fetch(`${exp.url}/metrics`)).text();
      expect(text).toContain('plumb_node_info{node="k-node-1",region="us-west-2",instance_type="r6i.2xlarge",pool="spark-ng",platform="k8s"} 1');
      expect(text).toMatch(/^plumb_collector_success\{collector="kubernetes"\} 1$/m);
      expect(text).toMatch(/^plumb_config_info\{workload="dbt-runner",dimension="LOADER_MODE",hash="[0-9a-f]{16}",value="merge"\} 1$/m);
      expect(text).not.toContain(PLANTED);
    } finally {
      await exp.stop();
    }
  });
});
