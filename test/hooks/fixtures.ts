/** Shared fixtures for the plumb-hooks integration tests: config, cluster objects, alerts. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, PolicyV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { AuditRecord } from '@plumb/core/state/events';
import { freePort } from '@plumb/io';
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';
import { makeKubeClients } from '@plumb/alertmanager-hooks/kube/clients';
import { startAlertmanager, type AlertmanagerOptions, type RunningAlertmanager } from '../support/alertmanager-server';
import { useStarted } from '../support/fixture';
import { HandlerConfigSchema, type HandlerConfig } from '@plumb/alertmanager-hooks/config/schema';

export const TOKENS = {
  webhook: 'wh-secret-token-0123456789',
  viewer: 'viewer-token-0123456789',
  operator: 'operator-token-0123456789',
  approver: 'approver-token-0123456789',
  /** An approver token held under the handler's own name: approving its own request must fail. */
  selfApprover: 'self-approver-token-0123456789',
};
export const TOKEN_ENV = {
  HOOKS_WEBHOOK_TOKEN: TOKENS.webhook,
  HOOKS_VIEWER_TOKEN: TOKENS.viewer,
  HOOKS_OPERATOR_TOKEN: TOKENS.operator,
  HOOKS_APPROVER_TOKEN: TOKENS.approver,
  HOOKS_SELF_TOKEN: TOKENS.selfApprover,
};

/** A config document (before zod) with temp ledger/audit files; `over` edits it. */
export function configDoc(over: Record<string, unknown> = {}): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-hooks-'));
  return {
    replica: 'hooks-test',
    listen: { host: '127.0.0.1', port: 0 },
    ledgerPath: join(dir, 'ledger.db'),
    auditPath: join(dir, 'audit.jsonl'),
    auth: {
      webhook: { bearer: { env: 'HOOKS_WEBHOOK_TOKEN' } },
      apiTokens: [
        { name: 'vera.viewer', role: 'viewer', token: { env: 'HOOKS_VIEWER_TOKEN' } },
        { name: 'oscar.operator', role: 'operator', token: { env: 'HOOKS_OPERATOR_TOKEN' } },
        { name: 'anna.approver', role: 'approver', token: { env: 'HOOKS_APPROVER_TOKEN' } },
        { name: 'plumb-hooks/hooks-test', role: 'approver', token: { env: 'HOOKS_SELF_TOKEN' } },
      ],
    },
    modes: { default: 'enforce' },
    verify: { delay: '0s', timeout: '5s' },
    retry: { attempts: 6, baseDelay: '50ms', maxDelay: '500ms' },
    eviction: { pdbWait: '60s', pollEvery: '200ms' },
    cooldown: { perNode: '0s', maxAttempts: 5, attemptsWindow: '1h' },
    processEvery: '200ms',
    // Tests drive rounds by hand and expect each to decide deferred actions again.
    recheckDeferredEvery: '0s',
    ...over,
  };
}

export function config(over: Record<string, unknown> = {}): HandlerConfig {
  return HandlerConfigSchema.parse(configDoc(over));
}

export function readAudit(path: string): AuditRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AuditRecord);
}

export interface DriftLabels {
  node: string;
  region?: string;
  pool?: string;
  workload?: string;
  dimension?: string;
  severity?: string;
  playbook?: string;
  approval?: string;
  /** The scrape target's node as discovery saw it (`sd_node`); default: `node`; null: none. */
  sdNode?: string | null;
}

export function driftLabels(o: DriftLabels): Record<string, string> {
  const workload = o.workload ?? 'spark-streaming';
  const dimension = o.dimension ?? 'spark.sql.session.timeZone';
  return {
    alertname: 'PlumbConfigDrift',
    node: o.node,
    instance: `${o.node}:9464`,
    region: o.region ?? 'eu-west-1',
    instance_type: 'r6i.2xlarge',
    pool: o.pool ?? 'spark',
    platform: 'k8s',
    workload,
    dimension,
    severity: o.severity ?? 'sla-risk',
    playbook: o.playbook ?? 'restart',
    approval: o.approval ?? 'none',
    rule: `${workload}/${dimension}`,
    // What the shipped scrape configuration sets from service discovery.
    ...(o.sdNode === null ? {} : { sd_node: o.sdNode ?? o.node, sd_region: o.region ?? 'eu-west-1', sd_platform: 'k8s' }),
  };
}

let seq = 0;
/** A webhook v4 body, as Alertmanager would send it, for direct posts. */
export function webhookBody(
  alerts: { labels: Record<string, string>; status?: 'firing' | 'resolved'; startsAt?: string; fingerprint?: string }[],
  extra: Record<string, unknown> = {},
) {
  return {
    version: '4',
    groupKey: `{}:{node="${alerts[0]?.labels.node ?? ''}"}`,
    truncatedAlerts: 0,
    status: alerts.some((a) => (a.status ?? 'firing') === 'firing') ? 'firing' : 'resolved',
    receiver: 'plumb-hooks',
    groupLabels: { node: alerts[0]?.labels.node ?? '' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.test',
    alerts: alerts.map((a) => ({
      status: a.status ?? 'firing',
      labels: a.labels,
      annotations: { summary: `drift on ${a.labels.node}` },
      startsAt: a.startsAt ?? '2026-03-01T10:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.test/graph',
      fingerprint: a.fingerprint ?? `fp-${a.labels.node}-${a.labels.dimension}-${seq++}`,
    })),
    ...extra,
  };
}

export async function post(url: string, body: unknown, token = TOKENS.webhook): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: res.status, body: parsed };
}

export async function apiGet(url: string, token: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

/** Creates nodes with region/pool labels and, per node, data pods of one workload. */
export async function seedCluster(
  kc: KubeConfig,
  o: { nodes: string[]; region?: string; pool?: string; podsPerNode?: number; workload?: string; namespace?: string; concurrency?: number },
) {
  const core = kc.makeApiClient(CoreV1Api);
  const ns = o.namespace ?? 'data';
  await core.createNamespace({ body: { metadata: { name: ns } } }).catch((e) => {
    if (e?.code !== 409) throw e;
  });
  const jobs: (() => Promise<unknown>)[] = [];
  for (const node of o.nodes) {
    jobs.push(async () => {
      await core.createNode({
        body: { metadata: { name: node, labels: { 'topology.kubernetes.io/region': o.region ?? 'eu-west-1', 'plumb.dev/pool': o.pool ?? 'spark' } } },
      });
      for (let i = 0; i < (o.podsPerNode ?? 2); i++) {
        const pod = await core.createNamespacedPod({
          namespace: ns,
          body: {
            metadata: {
              name: `${o.workload ?? 'spark-streaming'}-${node}-${i}`,
              labels: { 'plumb.dev/workload': o.workload ?? 'spark-streaming', app: 'demo', idx: String(i), node },
            },
            spec: { nodeName: node, terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image: 'registry.invalid/demo:1' }] },
          },
        });
        // No kubelet: mark the pod running and ready, as the PDB and eviction logic expect of a live task.
        await core.replaceNamespacedPodStatus({
          name: pod.metadata!.name!,
          namespace: ns,
          body: { ...pod, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
        });
      }
    });
  }
  const concurrency = o.concurrency ?? 8;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
  return { core, policy: kc.makeApiClient(PolicyV1Api) };
}

export async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The taints plumb manages, ignoring those the API server adds (node.kubernetes.io/not-ready). */
export function plumbTaints(node: { spec?: { taints?: { key: string; value?: string; effect: string }[] } }) {
  return (node.spec?.taints ?? []).filter((t) => !t.key.startsWith('node.kubernetes.io/')).map((t) => ({ key: t.key, value: t.value, effect: t.effect }));
}

/** An in-process handler without Kubernetes, with a real Alertmanager delivering to its webhook. */
export interface BehindAlertmanager {
  handler: RunningHandler;
  am: RunningAlertmanager;
  auditPath: string;
  stop(): Promise<void>;
}

/** Starts both; `over` edits the handler config, `am` the Alertmanager routing (grouped by node); `kube`: a real cluster to act on. */
async function handlerBehindAlertmanager(
  over: Record<string, unknown>,
  am: Partial<AlertmanagerOptions>,
  kube: KubeConfig | null = null,
): Promise<BehindAlertmanager> {
  const port = await freePort();
  const cfg = config({ ...over, alertmanagerUrl: `http://127.0.0.1:${port}` });
  const started = await startHandler(cfg, { kube: kube ? makeKubeClients(kube) : null, env: { ...process.env, ...TOKEN_ENV } });
  if (!started.ok) throw new Error(started.errors.join('\n'));
  const handler = started.handler;
  const running = await startAlertmanager({
    webhookUrl: `${handler.url}/hooks/alertmanager`,
    bearerToken: TOKENS.webhook,
    port,
    groupBy: ['node'],
    groupWait: '1s',
    groupInterval: '1s',
    ...am,
  });
  return {
    handler,
    am: running,
    auditPath: cfg.auditPath,
    async stop() {
      await running.stop();
      await handler.stop();
    },
  };
}

/** {@link handlerBehindAlertmanager} for the file: started in `beforeAll`, stopped in `afterAll`; `kube` is read once servers it needs are up. */
export function useHandlerBehindAlertmanager(
  over: Record<string, unknown>,
  am: Partial<AlertmanagerOptions>,
  kube: () => KubeConfig | null = () => null,
): BehindAlertmanager {
  return useStarted(
    'the handler behind Alertmanager',
    () => handlerBehindAlertmanager(over, am, kube()),
    (stack) => stack.stop(),
  );
}

/** The value of an unlabelled metric on the handler's `/metrics`; NaN when absent. */
export async function handlerMetric(handler: RunningHandler, name: string): Promise<number> {
  const text = await (await fetch(`${handler.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}
