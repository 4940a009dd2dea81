/**
 * Leader election that cannot split, against a real kube-apiserver:
 * - two replicas whose wall clocks disagree by an hour never both act;
 * - a leader whose renewals hang stops acting before the other may take over;
 * - a missing Lease namespace is logged and shown on /readyz, not silent;
 * - leader election with Kubernetes off refuses to start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { makeKubeClients, type KubeClients } from '@plumb/alertmanager-hooks/kube/clients';
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';
import { startKubeCluster, type KubeCluster } from '../../support/kube-apiserver';
import { TOKEN_ENV, config, until } from '../fixtures';

let cluster: KubeCluster;
const running: RunningHandler[] = [];
const election = (namespace: string, leaseName: string) => ({
  enabled: true,
  namespace,
  leaseName,
  leaseDuration: '2s',
  renewDeadline: '1500ms',
  renewEvery: '200ms',
});

async function start(
  replica: string,
  leaderElection: Record<string, unknown>,
  opts: { now?: () => number; log?: (m: string) => void; kube?: KubeClients } = {},
): Promise<RunningHandler> {
  const { kube, ...rest } = opts;
  const started = await startHandler(config({ replica, modes: { default: 'observe' }, leaderElection }), {
    kube: kube ?? makeKubeClients(cluster.kubeConfig),
    env: { ...process.env, ...TOKEN_ENV },
    ...rest,
  });
  if (!started.ok) throw new Error(started.errors.join('\n'));
  running.push(started.handler);
  return started.handler;
}

beforeAll(async () => {
  cluster = await startKubeCluster();
  await cluster.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'plumb' } } });
});
afterAll(async () => {
  for (const r of running) await r.stop().catch(() => {});
  await cluster?.stop();
});

const ready = async (r: RunningHandler) => (await fetch(`${r.url}/readyz`)).status === 200;

/** Clients whose Lease calls hang while `hang.on` (a network partition to the API server that never times out). */
function hangingLeaseClients(hang: { on: boolean }): KubeClients {
  const real = makeKubeClients(cluster.kubeConfig);
  const coordination = new Proxy(real.coordination, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (hang.on ? new Promise(() => {}) : value.apply(target, args));
    },
  });
  return { ...real, coordination };
}

/** Samples both replicas' readiness for `ms`; returns how often both were ready at once. */
async function overlap(a: RunningHandler, b: RunningHandler, ms: number): Promise<{ both: number; samples: number }> {
  let both = 0;
  let samples = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const [x, y] = await Promise.all([ready(a), ready(b)]);
    if (x && y) both++;
    samples++;
    await new Promise((r) => setTimeout(r, 25));
  }
  return { both, samples };
}

describe('leader election', () => {
  it('never lets two replicas act at once when one wall clock runs an hour ahead', async () => {
    const honest = await start('clock-ok', election('plumb', 'skew'));
    await until('the first replica to lead', async () => (await ready(honest)) || undefined, 10_000);
    const skewed = await start('clock-ahead', election('plumb', 'skew'), { now: () => Date.now() + 3_600_000 });
    const { both, samples } = await overlap(honest, skewed, 6_000);
    expect(samples).toBeGreaterThan(50);
    expect(both).toBe(0);
    expect(await ready(honest)).toBe(true);
  }, 30_000);

  it('stops acting when its renewals hang, before the other replica takes over', async () => {
    const hang = { on: false };
    const stuck = await start('hangs', election('plumb', 'hang'), { kube: hangingLeaseClients(hang) });
    await until('the first replica to lead', async () => (await ready(stuck)) || undefined, 10_000);
    const standby = await start('standby', election('plumb', 'hang'));
    hang.on = true;
    const { both } = await overlap(stuck, standby, 5_000);
    expect(both).toBe(0);
    expect(await ready(standby)).toBe(true);
    expect(((await (await fetch(`${stuck.url}/readyz`)).json()) as { reason: string }).reason).toMatch(/renewal uncertain|took longer/);
    hang.on = false;
  }, 30_000);

  it('says on /readyz and in the log that the Lease namespace does not exist', async () => {
    const lines: string[] = [];
    const orphan = await start('no-namespace', election('plumb-missing', 'plumb-hooks'), { log: (m) => lines.push(m) });
    const body = await until(
      'a readiness reason',
      async () => {
        const res = await fetch(`${orphan.url}/readyz`);
        const json = (await res.json()) as { reason?: string };
        return res.status === 503 && json.reason?.includes('does not exist') ? json : undefined;
      },
      10_000,
    );
    expect(body.reason).toContain('namespace plumb-missing does not exist');
    expect(lines.join('\n')).toContain('namespace plumb-missing does not exist');
  });

  it('refuses to start with leader election on and Kubernetes off', async () => {
    const started = await startHandler(config({ replica: 'no-kube', kube: { enabled: false }, leaderElection: election('plumb', 'x') }), {
      env: { ...process.env, ...TOKEN_ENV },
    });
    expect(started.ok).toBe(false);
    expect(started.ok ? '' : started.errors.join('\n')).toContain('leaderElection.enabled needs Kubernetes');
  });
});
