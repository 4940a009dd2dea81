/**
 * Starting plumb-hooks for the local stack: dry-run everywhere, no Kubernetes (the
 * simulated fleet has no API server), the running-task counts and pool sizes the
 * budget and quarantine cap need taken from the simulated fleet, and API tokens for
 * the three roles written to files in the work directory.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { SimWorld } from '../world';
import { PODS_PER_NODE, TASK_WEIGHTS } from './kube-fleet';
import { startProcess } from './process';

export interface HandlerProcess {
  url: string;
  webhookUrl: string;
  /** The hash-chained audit log (JSON lines). */
  auditPath: string;
  /** Bearer tokens of the API roles. */
  tokens: { viewer: string; operator: string; approver: string };
  stop(): Promise<void>;
}

export interface HandlerStartOptions {
  repoRoot: string;
  workDir: string;
  port: number;
  specPath: string;
  prometheus: Record<string, string>;
  alertmanagerUrl: string;
  webhookTokenFile: string;
  world: SimWorld;
  /** A kubeconfig of the stack's kube-apiserver holding the simulated nodes and pods; without it the handler runs without Kubernetes. */
  kubeconfigPath?: string | undefined;
  fast: boolean;
  log: (line: string) => void;
}

/** Tasks a node runs by workload when there is no cluster to count them: its pods times their weights. */
const TASKS_PER_NODE: Record<string, number> = Object.fromEntries(
  Object.entries(PODS_PER_NODE).map(([w, pods]) => [w, pods * (w === 'airflow-worker' ? 16 : 1)]),
);
/** Tasks an EMR node runs (Spark executors of the batch cluster). */
const EMR_NODE_TASKS = 4;

/** Where the handler's files and peers are; the local stack and the compose topology differ only here. */
export interface HandlerPlacement {
  listen: { host: string; port: number };
  stateDir: string;
  secretsDir: string;
  webhookTokenFile: string;
  specPath: string;
  prometheus: Record<string, string>;
  alertmanagerUrl: string;
  kubeconfigPath?: string | undefined;
  fast: boolean;
}

/** The handler config for a simulated fleet: dry-run, budget inputs derived from the fleet. Pure. */
export function handlerConfig(world: SimWorld, p: HandlerPlacement): Record<string, unknown> {
  // With a cluster the handler counts Kubernetes tasks itself; only what lives outside it
  // (EMR, or everything when there is no cluster) is given here.
  const running: Record<string, number> = {};
  const pools: Record<string, number> = {};
  for (const sim of world.nodes.values()) {
    const { region, pool, platform } = sim.node.identity;
    if (p.kubeconfigPath && platform === 'k8s') continue;
    running[region] = (running[region] ?? 0) + (platform === 'emr' ? EMR_NODE_TASKS : sim.node.workloads.reduce((n, w) => n + (TASKS_PER_NODE[w] ?? 0), 0));
    pools[pool] = (pools[pool] ?? 0) + 1;
  }
  const secret = (name: string) => ({ file: join(p.secretsDir, name) });
  return {
    replica: 'plumb-hooks-local',
    listen: p.listen,
    ledgerPath: join(p.stateDir, 'ledger.db'),
    auditPath: join(p.stateDir, 'audit.jsonl'),
    specPath: p.specPath,
    alertmanagerUrl: p.alertmanagerUrl,
    prometheus: { regions: p.prometheus },
    kube: p.kubeconfigPath ? { kubeconfig: p.kubeconfigPath } : { enabled: false },
    auth: {
      webhook: { bearer: { file: p.webhookTokenFile } },
      apiTokens: [
        { name: 'local-viewer', role: 'viewer', token: secret('viewer-token') },
        { name: 'local-operator', role: 'operator', token: secret('operator-token') },
        { name: 'local-approver', role: 'approver', token: secret('approver-token') },
      ],
      // The Grafana app's routes: the person comes from X-Grafana-User (Grafana's [dataproxy] send_user_header).
      grafana: { token: secret('grafana-route-token'), approvers: ['admin'] },
    },
    modes: { default: 'dry-run' },
    budget: { maxDisruptedShare: 0.01, window: '1h', weights: TASK_WEIGHTS, emrNodeTasks: EMR_NODE_TASKS, emrRunningTasks: running },
    poolSizes: pools,
    verify: { delay: p.fast ? '10s' : '2m', timeout: '5s' },
    processEvery: '1s',
  };
}

export async function startHandler(o: HandlerStartOptions): Promise<HandlerProcess> {
  const dir = join(o.workDir, 'hooks');
  mkdirSync(dir, { recursive: true });
  const tokens = { viewer: token(join(dir, 'viewer-token')), operator: token(join(dir, 'operator-token')), approver: token(join(dir, 'approver-token')) };
  token(join(dir, 'grafana-route-token'));
  const config = handlerConfig(o.world, {
    listen: { host: '127.0.0.1', port: o.port },
    stateDir: dir,
    secretsDir: dir,
    webhookTokenFile: o.webhookTokenFile,
    specPath: o.specPath,
    prometheus: o.prometheus,
    alertmanagerUrl: o.alertmanagerUrl,
    kubeconfigPath: o.kubeconfigPath,
    fast: o.fast,
  });
  const configFile = join(dir, 'plumb-hooks.yaml');
  writeFileSync(configFile, `# Generated by the local stack.\n${stringify(config)}`);
  const url = `http://127.0.0.1:${o.port}`;
  const proc = await startProcess({
    name: 'plumb-hooks',
    command: process.execPath,
    args: [join(o.repoRoot, 'alertmanager-hooks/bin/plumb-hooks.mjs'), '--config', configFile],
    logFile: join(o.workDir, 'logs', 'plumb-hooks.log'),
    readyUrl: `${url}/healthz`,
    readyTimeoutMs: 60_000,
  });
  o.log(
    `plumb-hooks (dry-run): ${url}  (API tokens in ${dir})${o.kubeconfigPath ? '' : '; no kube-apiserver built, so disruptive actions are priced as unknown and refused (run scripts/kube/build.sh once)'}`,
  );
  return { url, webhookUrl: `${url}/hooks/alertmanager`, auditPath: join(dir, 'audit.jsonl'), tokens, stop: () => proc.stop() };
}

function token(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8');
}
