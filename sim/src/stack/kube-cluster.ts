/**
 * Starts a real etcd + kube-apiserver on loopback (for tests and the local stack), from the binaries
 * `scripts/kube/build.sh` builds into the cache. Serving certificates are the
 * self-signed ones kube-apiserver generates in its cert dir; clients
 * authenticate with a static token in group system:masters (RBAC on). There is
 * no controller-manager or scheduler: tests create Nodes, bind Pods with
 * spec.nodeName and set PodDisruptionBudget status through the status subresource.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, openSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { freePort } from '@plumb/io';

export const KUBE_VERSION = process.env.PLUMB_KUBE_VERSION ?? '1.37.2';
const REPO = resolve(import.meta.dirname, '../../..');

export interface KubeCluster {
  url: string;
  token: string;
  kubeConfig: KubeConfig;
  /** A kubeconfig file for child processes. */
  kubeconfigPath: string;
  dir: string;
  /** The API server's own audit log (JSON lines), when started with `auditLog: true`. */
  auditLogPath?: string | undefined;
  stop(): Promise<void>;
}

export interface KubeClusterOptions {
  /** Record what the API server saw (writes only, Metadata level) for tests that judge by it. */
  auditLog?: boolean;
}

/** Audit policy: every write at Metadata level (who, what, response code); reads are not recorded. */
const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: None
    verbs: [get, list, watch]
  - level: Metadata
`;

/** The cached bin dir when kube-apiserver and etcd are already built, else undefined (never builds). */
export function builtKubeBinDir(): string | undefined {
  const cache = process.env.PLUMB_CACHE ?? join(homedir(), '.cache', 'plumb');
  const bin = join(cache, 'kube', KUBE_VERSION, 'bin');
  return existsSync(join(bin, 'kube-apiserver')) && existsSync(join(bin, 'etcd')) ? bin : undefined;
}

/** The cached bin dir, building the binaries first if they are missing (idempotent, slow the first time). */
export function kubeBinDir(): string {
  const cache = process.env.PLUMB_CACHE ?? join(homedir(), '.cache', 'plumb');
  const bin = join(cache, 'kube', KUBE_VERSION, 'bin');
  if (existsSync(join(bin, 'kube-apiserver')) && existsSync(join(bin, 'etcd'))) return bin;
  execFileSync('bash', [join(REPO, 'scripts/kube/build.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  return bin;
}

function httpsStatus(url: string, token: string): Promise<number> {
  return new Promise((res) => {
    const req = request(url, { method: 'GET', rejectUnauthorized: false, headers: { authorization: `Bearer ${token}` }, timeout: 2000 }, (r) => {
      r.resume();
      res(r.statusCode ?? 0);
    });
    req.on('error', () => res(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number, proc: ChildProcess, logFile: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`${what} exited with ${proc.exitCode}; see ${logFile}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} not ready after ${timeoutMs / 1000} s; see ${logFile}`);
}

function stopProcess(p: ChildProcess): Promise<void> {
  return new Promise((res) => {
    if (p.exitCode !== null || p.signalCode !== null) return res();
    const timer = setTimeout(() => p.kill('SIGKILL'), 5000);
    p.once('exit', () => {
      clearTimeout(timer);
      res();
    });
    p.kill('SIGTERM');
  });
}

/**
 * Starts etcd and kube-apiserver on free loopback ports. A port found free can be taken by
 * another process before the server binds it; that start is retried on new ports (3 tries).
 */
export async function startKubeCluster(opts: KubeClusterOptions = {}): Promise<KubeCluster> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startKubeClusterOnce(opts);
    } catch (err) {
      const log = /see (\S+\.log)/.exec((err as Error).message)?.[1];
      const portTaken = log !== undefined && existsSync(log) && readFileSync(log, 'utf8').includes('address already in use');
      if (!portTaken || attempt >= 3) throw err;
    }
  }
}

async function startKubeClusterOnce(opts: KubeClusterOptions): Promise<KubeCluster> {
  const bin = kubeBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'plumb-kube-'));
  const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
  const etcdLog = join(dir, 'etcd.log');
  const etcd = spawn(
    join(bin, 'etcd'),
    [
      '--name',
      'plumb-test',
      '--data-dir',
      join(dir, 'etcd'),
      '--listen-client-urls',
      `http://127.0.0.1:${etcdClient}`,
      '--advertise-client-urls',
      `http://127.0.0.1:${etcdClient}`,
      '--listen-peer-urls',
      `http://127.0.0.1:${etcdPeer}`,
      '--initial-advertise-peer-urls',
      `http://127.0.0.1:${etcdPeer}`,
      '--initial-cluster',
      `plumb-test=http://127.0.0.1:${etcdPeer}`,
      '--unsafe-no-fsync',
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', openSync(etcdLog, 'a'), openSync(etcdLog, 'a')] },
  );
  const stopAll: ChildProcess[] = [etcd];
  try {
    await waitFor(
      async () =>
        await fetch(`http://127.0.0.1:${etcdClient}/health`)
          .then((r) => r.ok)
          .catch(() => false),
      'etcd',
      30_000,
      etcd,
      etcdLog,
    );

    const token = randomBytes(24).toString('hex');
    writeFileSync(join(dir, 'tokens.csv'), `${token},plumb-admin,1,"system:masters"\n`, { mode: 0o600 });
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const apiLog = join(dir, 'kube-apiserver.log');
    const auditLogPath = opts.auditLog ? join(dir, 'audit.jsonl') : undefined;
    if (auditLogPath) writeFileSync(join(dir, 'audit-policy.yaml'), AUDIT_POLICY);
    const auditArgs = auditLogPath
      ? [`--audit-policy-file=${join(dir, 'audit-policy.yaml')}`, `--audit-log-path=${auditLogPath}`, '--audit-log-mode=blocking', '--audit-log-format=json']
      : [];
    const api = spawn(
      join(bin, 'kube-apiserver'),
      [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--cert-dir=${join(dir, 'certs')}`,
        `--token-auth-file=${join(dir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        `--service-account-issuer=https://kubernetes.default.svc`,
        `--service-account-key-file=${join(dir, 'sa.pub')}`,
        `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
        '--service-cluster-ip-range=10.96.0.0/24',
        // No controller-manager creates default service accounts.
        '--disable-admission-plugins=ServiceAccount',
        // The kubernetes Service endpoints may not point at loopback; nothing here needs them.
        '--endpoint-reconciler-type=none',
        '--v=1',
        ...auditArgs,
      ],
      { stdio: ['ignore', openSync(apiLog, 'a'), openSync(apiLog, 'a')] },
    );
    stopAll.unshift(api);
    const url = `https://127.0.0.1:${apiPort}`;
    await waitFor(async () => (await httpsStatus(`${url}/readyz`, token)) === 200, 'kube-apiserver', 120_000, api, apiLog);

    const kubeConfig = tokenKubeConfig(url, token, 'plumb-test');
    const kubeconfigPath = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfigPath, kubeConfig.exportConfig(), { mode: 0o600 });
    return {
      url,
      token,
      kubeConfig,
      kubeconfigPath,
      dir,
      auditLogPath,
      async stop() {
        for (const p of stopAll) await stopProcess(p);
        if (!process.env.PLUMB_KEEP_TEST_DIRS) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    for (const p of stopAll) await stopProcess(p);
    throw err;
  }
}

/** A client config for one server and bearer token; loopback test servers skip TLS verification. */
export function tokenKubeConfig(server: string, token: string, name: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name, server, skipTLSVerify: true }],
    users: [{ name: `${name}-user`, token }],
    contexts: [{ name, cluster: name, user: `${name}-user` }],
    currentContext: name,
  });
  return kubeConfig;
}
