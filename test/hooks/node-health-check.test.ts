/**
 * Medik8s NodeHealthCheck as another remediator, against a real kube-apiserver with a minimal
 * NodeHealthCheck CRD: a node an NHC's status lists with a remediation is skipped and the NHC
 * named; removing the NHC lets the action run. NodeHealthChecks that cannot be read hold every
 * node (fail closed); a cluster without the API holds none and says so once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomObjectsApi, type CoreV1Api } from '@kubernetes/client-node';
import { makeKubeClients } from '@plumb/alertmanager-hooks/kube/clients';
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';
import { startFaultProxy, type FaultProxy } from '../support/kube-fault-proxy';
import { kubeRequest } from '../support/kube-raw';
import { TOKEN_ENV, config, driftLabels, plumbTaints, post, readAudit, seedCluster, until, webhookBody } from './fixtures';

const NHC_PATH = '/apis/remediation.medik8s.io/v1alpha1/nodehealthchecks';
let cluster: KubeCluster;
let proxy: FaultProxy;
let core: CoreV1Api;
let handler: RunningHandler;
let auditPath: string;
const logs: string[] = [];

beforeAll(async () => {
  cluster = await startKubeCluster();
  ({ core } = await seedCluster(cluster.kubeConfig, { nodes: Array.from({ length: 8 }, (_, i) => `nhc-${i}`), pool: 'nhc', podsPerNode: 0 }));
  // The first list of NodeHealthChecks is refused (403), before the CRD exists.
  proxy = await startFaultProxy(cluster.url, cluster.token, [{ method: 'GET', path: /\/nodehealthchecks$/, status: 403, times: 1 }]);
  const cfg = config({ quarantineCap: 0.5 });
  auditPath = cfg.auditPath;
  const started = await startHandler(cfg, {
    kube: makeKubeClients(proxy.kubeConfig),
    env: { ...process.env, ...TOKEN_ENV },
    autoRun: false,
    log: (m) => logs.push(m),
  });
  if (!started.ok) throw new Error(started.errors.join('\n'));
  handler = started.handler;
});

afterAll(async () => {
  await handler?.stop();
  await proxy?.stop();
  await cluster?.stop();
});

const rounds = async (n: number) => {
  for (let i = 0; i < n; i++) {
    await handler.worker.round();
    await handler.worker.idle();
  }
};
const quarantine = (node: string) =>
  post(`${handler.url}/hooks/alertmanager`, webhookBody([{ labels: driftLabels({ node, pool: 'nhc', playbook: 'quarantine', approval: 'none' }) }]));
const action = (node: string) => handler.engine.ledger.listActions({ node }).find((a) => a.playbook === 'quarantine')!;
const tainted = async (node: string) => plumbTaints(await core.readNode({ name: node })).length > 0;

async function request(method: string, path: string, body?: unknown) {
  const r = await kubeRequest(cluster.kubeConfig, method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The NodeHealthCheck CRD cut down to what Plumb reads: a structural schema and the status subresource. */
async function installNhcCrd() {
  const obj = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const status = {
    type: 'object',
    properties: {
      unhealthyNodes: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string' },
            remediations: {
              type: 'array',
              items: {
                type: 'object',
                required: ['resource', 'started'],
                properties: {
                  resource: {
                    type: 'object',
                    properties: Object.fromEntries(['apiVersion', 'kind', 'namespace', 'name', 'uid'].map((k) => [k, { type: 'string' }])),
                  },
                  started: { type: 'string', format: 'date-time' },
                  timedOut: { type: 'string', format: 'date-time' },
                  templateName: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
  };
  await request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'nodehealthchecks.remediation.medik8s.io' },
    spec: {
      group: 'remediation.medik8s.io',
      names: { kind: 'NodeHealthCheck', listKind: 'NodeHealthCheckList', plural: 'nodehealthchecks', singular: 'nodehealthcheck', shortNames: ['nhc'] },
      scope: 'Cluster',
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: obj, status } } },
        },
      ],
    },
  });
  // Until the API is served the apiserver answers a plain-text 404, which kubeRequest cannot parse.
  const custom = cluster.kubeConfig.makeApiClient(CustomObjectsApi);
  const served = () =>
    custom.listClusterCustomObject({ group: 'remediation.medik8s.io', version: 'v1alpha1', plural: 'nodehealthchecks' }).then(
      () => true,
      () => false,
    );
  await until('the NodeHealthCheck API', async () => (await served()) || undefined);
}

describe('NodeHealthChecks that cannot be read, and a cluster without them', () => {
  it('holds every node while NodeHealthChecks cannot be read, then, with no NodeHealthCheck API, holds none and says so once', async () => {
    await quarantine('nhc-0');
    await rounds(1);
    expect(action('nhc-0')).toMatchObject({
      state: 'deferred',
      lastRefusal: expect.stringMatching(
        /^other-remediator: nhc-0 is held by another remediator: NodeHealthChecks could not be read \(GET .*nodehealthchecks: .*403/,
      ),
    });
    expect(await tainted('nhc-0')).toBe(false);
    await rounds(1);
    expect(action('nhc-0').state).toBe('succeeded');
    await quarantine('nhc-1');
    await rounds(1);
    expect(action('nhc-1').state).toBe('succeeded');
    expect(logs.filter((l) => l.startsWith('no NodeHealthCheck API in the cluster'))).toHaveLength(1);
  });
});

describe('a node a NodeHealthCheck remediates', () => {
  beforeAll(installNhcCrd);

  it('skips the node whose remediation the NodeHealthCheck lists, names the NodeHealthCheck, and acts once it is gone', async () => {
    const body = { apiVersion: 'remediation.medik8s.io/v1alpha1', kind: 'NodeHealthCheck', metadata: { name: 'nhc-snr-workers' }, spec: { minHealthy: '51%' } };
    const created = (await request('POST', NHC_PATH, body)) as { metadata: Record<string, unknown> };
    const started = new Date().toISOString();
    const remediation = {
      resource: { apiVersion: 'self-node-remediation.medik8s.io/v1alpha1', kind: 'SelfNodeRemediation', namespace: 'medik8s', name: 'nhc-2' },
      started,
    };
    await request('PUT', `${NHC_PATH}/nhc-snr-workers/status`, {
      ...body,
      metadata: created.metadata,
      status: { unhealthyNodes: [{ name: 'nhc-2', remediations: [remediation] }] },
    });

    await quarantine('nhc-2');
    await rounds(1);
    const holder = 'NodeHealthCheck nhc-snr-workers (SelfNodeRemediation medik8s/nhc-2)';
    expect(action('nhc-2')).toMatchObject({ state: 'deferred', lastRefusal: `other-remediator: nhc-2 is held by another remediator: ${holder}` });
    expect(readAudit(auditPath).some((r) => r.data.node === 'nhc-2' && r.data.result === 'deferred' && String(r.data.detail).includes(holder))).toBe(true);
    expect(await tainted('nhc-2')).toBe(false);

    // Another node of the same pool is not held.
    await quarantine('nhc-3');
    await rounds(1);
    expect(action('nhc-3').state).toBe('succeeded');

    await request('DELETE', `${NHC_PATH}/nhc-snr-workers`);
    await rounds(1);
    expect(action('nhc-2').state).toBe('succeeded');
    expect(await tainted('nhc-2')).toBe(true);
  });
});
