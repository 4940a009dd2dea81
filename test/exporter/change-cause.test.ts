/**
 * Attribution through the real kube-apiserver, end to end in the exporter: a ConfigMap a
 * pod mounts, written by helm and then edited by a named field manager. The Kubernetes
 * collector reads the key and the managedFields; the change event names the editor and
 * the time, and the exporter renders `plumb_config_change_cause_info` with it (which the
 * drift explorer shows, test/plugin/plugin-pages.test.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC } from '@plumb/core/contract';
import { loadSpecText } from '@plumb/core/spec/load';
import type { Model } from '@plumb/core/spec/model';
import { ChangeTracker } from '@plumb/core/state/change-tracker';
import type { ChangeEvent } from '@plumb/core/state/events';
import type { NodeIdentity } from '@plumb/core/state/types';
import { collectHost } from '@plumb/exporter/collect/host';
import { createKubernetesCollector } from '@plumb/exporter/kubernetes/collector';
import { renderNodeState } from '@plumb/exporter/metrics/render';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';

const NS = 'plumb-cause-it';
const NODE = 'cause-node-1';
const TZ = 'spark.sql.session.timeZone';
const SPEC = `
apiVersion: plumb/v1
kind: DesiredState
metadata: { name: cause-it }
workloads:
  - name: spark-batch
    match: { podLabels: { app: spark-batch } }
dimensions:
  - { key: ${TZ}, workloads: [spark-batch], source: { kind: pod, field: configmap, name: ${TZ} }, expose: true, severity: correctness-risk }
  - { key: image.digest, workloads: [spark-batch], source: { kind: pod, field: image-digest }, expose: true, severity: info }
`;
const identity: NodeIdentity = { node: NODE, region: 'us-east-1', instanceType: 'r6i.2xlarge', pool: 'spark', platform: 'k8s' };
let cluster: KubeCluster;
let core: CoreV1Api;
let model: Model;
const tracker = new ChangeTracker(0);
const events: ChangeEvent[] = [];
let metrics = '';

async function collect(atMs: number): Promise<void> {
  const got = await collectHost(model, {
    salt: Buffer.from('cause-test-salt-0123456789abcdef'),
    identity,
    root: mkdtempSync(join(tmpdir(), 'plumb-empty-root-')),
    workloads: [],
    hostCollectors: [],
    extraCollectors: [createKubernetesCollector(core, NODE)],
    runCommands: false,
  });
  expect(got.runs).toEqual([expect.objectContaining({ collector: 'kubernetes', success: true })]);
  const update = tracker.update(identity, got.observations, atMs);
  events.push(...update.events);
  const state = {
    identity,
    observations: got.observations,
    collectors: [],
    changes: update.changes,
    partial: false,
    collectedAtSeconds: atMs / 1000,
    startedAtSeconds: 0,
  };
  metrics = await renderNodeState(state, { version: 'test', spec: 'cause-it' });
}

beforeAll(async () => {
  const loaded = loadSpecText(SPEC, 'cause-it.yaml');
  if (!loaded.ok) throw new Error(`spec: ${JSON.stringify(loaded)}`);
  model = loaded.model;
  cluster = await startKubeCluster();
  core = cluster.kubeConfig.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: NS } } });
  await core.createNode({ body: { metadata: { name: NODE } } });
  await core.createNamespacedConfigMap({ namespace: NS, fieldManager: 'helm', body: { metadata: { name: 'spark-defaults' }, data: { [TZ]: 'UTC' } } });
  const created = await core.createNamespacedPod({
    namespace: NS,
    body: {
      metadata: { name: 'batch-1', labels: { app: 'spark-batch' } },
      spec: {
        nodeName: NODE,
        containers: [{ name: 'main', image: 'registry.invalid/spark:3.5.1', volumeMounts: [{ name: 'conf', mountPath: '/opt/spark/conf' }] }],
        volumes: [{ name: 'conf', configMap: { name: 'spark-defaults' } }],
      },
    },
  });
  // No kubelet runs here: write the status a kubelet would.
  const digest = `sha256:${'ab'.repeat(32)}`;
  await core.replaceNamespacedPodStatus({
    name: 'batch-1',
    namespace: NS,
    body: {
      ...created,
      status: { phase: 'Running', containerStatuses: [{ name: 'main', image: 'spark', imageID: `spark@${digest}`, ready: true, restartCount: 0 }] },
    },
  });
  await collect(1_000);
  await new Promise((r) => setTimeout(r, 1100)); // managedFields times have one-second resolution
  await core.patchNamespacedConfigMap(
    { name: 'spark-defaults', namespace: NS, fieldManager: 'jane.doe-hotfix', body: { data: { [TZ]: 'America/New_York' } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
  await collect(2_000);
}, 240_000);
afterAll(async () => cluster?.stop());

describe('the cause of a change, from the real kube-apiserver to the exporter', () => {
  it('The ConfigMap key is read through the pod that mounts it.', () => {
    expect(events.filter((e) => e.dimension === TZ).map((e) => e.value)).toEqual(['UTC', 'America/New_York']);
  });

  it("The change event's cause names the field manager that edited the key, at the time of the edit.", async () => {
    const change = events.find((e) => e.dimension === TZ && e.oldHash !== undefined);
    expect(change?.cause).toMatchObject({ kind: 'field-manager', manager: 'jane.doe-hotfix', operation: 'Update' });
    const cm = await core.readNamespacedConfigMap({ name: 'spark-defaults', namespace: NS });
    const editedAt = cm.metadata?.managedFields?.find((m) => m.manager === 'jane.doe-hotfix')?.time;
    expect(change?.cause?.kind === 'field-manager' && change.cause.at).toBe(new Date(editedAt!).toISOString());
  });

  it('The first sight of the image digest is attributed to that digest.', () => {
    expect(events.find((e) => e.dimension === 'image.digest')?.cause).toEqual({ kind: 'image-digest', to: `sha256:${'ab'.repeat(32)}` });
  });

  it('The exporter renders the cause of the last change for the drift explorer.', () => {
    expect(metrics).toMatch(
      new RegExp(`^${METRIC.changeCause}\\{workload="spark-batch",dimension="${TZ}",cause="field-manager",by="jane.doe-hotfix"\\} \\d{10}\\n`, 'm'),
    );
    expect(metrics).not.toMatch(new RegExp(`^${METRIC.changeCause}\\{workload="spark-batch",dimension="image.digest"`, 'm'));
  });
});
