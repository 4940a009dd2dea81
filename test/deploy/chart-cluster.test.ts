/**
 * The chart against the real kube-apiserver (RBAC on): every rendered object passes a
 * server-side dry-run apply with prometheus-operator's CRDs installed, and each service
 * account can do exactly what its component needs (SubjectAccessReviews).
 */
import { AuthorizationV1Api } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorCrdDir, operatorCrds, renderChart, type Manifest } from '../support/helm';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';
import { kubeRequest, serverSideApply, type KubeObject } from '../support/kube-raw';
import { compiledRulesFile, EXAMPLE_SPEC, KUBE_VERSION_FLAG, PRODUCTION_VALUES } from './chart-values';
import { rbacExpectations, type Access } from './rbac-expectations';

const NAMESPACE = 'plumb';
let cluster: KubeCluster;
let objects: Manifest[];

async function waitEstablished(name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await kubeRequest(cluster.kubeConfig, 'GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
    const conditions = (r.body as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions ?? [];
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`CRD ${name} not established`);
}

async function applyOrThrow(o: KubeObject, dryRun: boolean): Promise<void> {
  const r = await serverSideApply(cluster.kubeConfig, o, NAMESPACE, dryRun);
  if (r.status >= 300) throw new Error(`${o.kind}/${o.metadata.name}: ${r.status} ${JSON.stringify((r.body as { message?: string })?.message ?? r.body)}`);
}

beforeAll(async () => {
  const rulesFile = compiledRulesFile();
  const rendered = renderChart(
    { ...PRODUCTION_VALUES, podMonitor: { enabled: true }, serviceMonitor: { enabled: true } },
    { setFiles: { 'spec.content': EXAMPLE_SPEC, 'prometheusRule.rules': rulesFile }, namespace: NAMESPACE, extra: KUBE_VERSION_FLAG },
  );
  if (!rendered.ok) throw new Error(rendered.error);
  objects = rendered.objects;
  cluster = await startKubeCluster();
  const crds = operatorCrds() as unknown as KubeObject[];
  for (const crd of crds) await applyOrThrow(crd, false);
  for (const crd of crds) await waitEstablished(crd.metadata.name);
  await applyOrThrow({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }, false);
});

afterAll(async () => {
  await cluster?.stop();
});

describe('server-side dry-run', () => {
  it('The CRDs come from a recorded prometheus-operator version.', () => {
    expect(readFileSync(join(operatorCrdDir(), 'VERSION'), 'utf8')).toMatch(/prometheus-operator\/pkg\/apis\/monitoring v0\.\d+\.\d+/);
  });

  it('Every object the chart renders, monitors and AlertmanagerConfig included, is accepted by a server-side dry-run apply.', async () => {
    const refused: string[] = [];
    for (const o of objects) await applyOrThrow(o, true).catch((err: Error) => refused.push(err.message));
    expect(refused).toEqual([]);
    expect(new Set(objects.map((o) => o.kind))).toEqual(
      new Set([
        'ServiceAccount',
        'ClusterRole',
        'ClusterRoleBinding',
        'Role',
        'RoleBinding',
        'ConfigMap',
        'Secret',
        'Service',
        'DaemonSet',
        'StatefulSet',
        'PodDisruptionBudget',
        'NetworkPolicy',
        'PrometheusRule',
        'PodMonitor',
        'ServiceMonitor',
        'AlertmanagerConfig',
      ]),
    );
  });

  it('A PrometheusRule the CRD schema forbids is refused by the same dry-run, so acceptance means something.', async () => {
    const rule = objects.find((o) => o.kind === 'PrometheusRule' && o.metadata.name === 'plumb') as Manifest;
    const broken = { ...rule, spec: { groups: [{ name: 'x', rules: [{ record: 'a', expr: 'b', for: 'not-a-duration' }] }] } };
    await expect(applyOrThrow(broken, true)).rejects.toThrow(/PrometheusRule\/plumb: 422/);
  });
});

describe('least-privilege RBAC', () => {
  beforeAll(async () => {
    for (const o of objects.filter((x) => ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].includes(x.kind))) {
      await applyOrThrow(o, false);
    }
  });

  async function allowed(serviceAccount: string, a: Access): Promise<boolean> {
    const authz = cluster.kubeConfig.makeApiClient(AuthorizationV1Api);
    const review = await authz.createSubjectAccessReview({
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: `system:serviceaccount:${NAMESPACE}:${serviceAccount}`,
          groups: ['system:serviceaccounts', `system:serviceaccounts:${NAMESPACE}`, 'system:authenticated'],
          resourceAttributes: {
            verb: a.verb,
            resource: a.resource,
            group: a.group ?? '',
            ...(a.subresource ? { subresource: a.subresource } : {}),
            ...(a.namespace ? { namespace: a.namespace } : {}),
            ...(a.name ? { name: a.name } : {}),
          },
        },
      },
    });
    return review.status?.allowed === true;
  }

  const describeAccess = (a: Access) =>
    `${a.verb} ${a.group ? `${a.group}/` : ''}${a.resource}${a.subresource ? `/${a.subresource}` : ''}${a.name ? ` ${a.name}` : ''} in ${a.namespace ?? 'all namespaces'}`;

  for (const e of rbacExpectations('plumb', NAMESPACE)) {
    it(`${e.serviceAccount} may do what its component needs and is refused the rest (${e.allowed.length} allowed, ${e.denied.length} denied).`, async () => {
      const wrong: string[] = [];
      for (const a of e.allowed) if (!(await allowed(e.serviceAccount, a))) wrong.push(`refused: ${describeAccess(a)}`);
      for (const a of e.denied) if (await allowed(e.serviceAccount, a)) wrong.push(`allowed: ${describeAccess(a)}`);
      expect(wrong).toEqual([]);
    });
  }
});
