/**
 * The storm with a leader kill in the middle: two plumb-hooks processes on one
 * Lease and one shared state, alerts sent to whichever replica is ready (as
 * Alertmanager retries on 503), the leader SIGKILLed once half the budget is
 * spent. Judged from the kube-apiserver's audit log: tasks disrupted against
 * the budget (breaches), pods evicted twice, actions started twice.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { freePort } from '@plumb/io';
import { startChild, writeConfig, type ChildHandler } from '../../test/support/handler-process';
import { TOKENS, TOKEN_ENV, configDoc, driftLabels, readAudit, webhookBody } from '../../test/hooks/fixtures';
import { grantedEvictions } from '../../test/hooks/chaos/apiserver-audit';

export interface FailoverFigures {
  alerts: number;
  limitTasks: number;
  disruptedTasks: number;
  breaches: number;
  podsEvictedTwice: number;
  actionsStartedTwice: number;
  takeoverMs: number;
}

export async function stormWithLeaderKill(o: {
  kubeConfig: KubeConfig;
  kubeconfigPath: string;
  auditLogPath: string;
  nodes: readonly string[];
  runningTasks: number;
  share: number;
}): Promise<FailoverFigures> {
  await o.kubeConfig
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name: 'plumb-bench' } } })
    .catch(() => {});
  const before = grantedEvictions(o.auditLogPath).length;
  const children: ChildHandler[] = [];
  const audits: string[] = [];
  for (const replica of ['bench-a', 'bench-b']) {
    const dir = mkdtempSync(join(tmpdir(), `plumb-bench-failover-${replica}-`));
    const port = await freePort();
    const doc = configDoc({
      replica,
      listen: { host: '127.0.0.1', port },
      kube: { kubeconfig: o.kubeconfigPath },
      ledgerPath: join(dir, 'ledger.db'),
      auditPath: join(dir, 'audit.jsonl'),
      leaderElection: { enabled: true, namespace: 'plumb-bench', leaseName: 'plumb-hooks', leaseDuration: '4s', renewDeadline: '3s', renewEvery: '500ms' },
      budget: { maxDisruptedShare: o.share, window: '1h' },
      concurrencyPerRegion: 3,
      processEvery: '200ms',
      recheckDeferredEvery: '1s',
      verify: { delay: '10m' },
    });
    audits.push(join(dir, 'audit.jsonl'));
    children.push(await startChild(writeConfig(dir, doc), port, join(dir, 'hooks.log'), TOKEN_ENV));
  }
  const alive = (c: ChildHandler) => c.proc.exitCode === null && c.proc.signalCode === null;
  const send = async (node: string) => {
    const body = JSON.stringify(webhookBody([{ labels: driftLabels({ node }), fingerprint: `bench-fo-${node}` }]));
    for (;;) {
      for (const c of children.filter(alive)) {
        const res = await fetch(`${c.url}/hooks/alertmanager`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.webhook}` },
          body,
        }).catch(() => undefined);
        await res?.arrayBuffer();
        if (res?.status === 200) return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const limit = Math.floor(o.runningTasks * o.share);
  let killedAt = 0;
  let takeoverMs = 0;
  let next = 0;
  const killer = (async () => {
    while (grantedEvictions(o.auditLogPath).length - before < limit / 2) await new Promise((r) => setTimeout(r, 100));
    for (const c of children) {
      if (alive(c) && (await fetch(`${c.url}/readyz`)).status === 200) {
        killedAt = performance.now();
        await c.kill('SIGKILL');
        break;
      }
    }
    const other = children.find(alive)!;
    while ((await fetch(`${other.url}/readyz`)).status !== 200) await new Promise((r) => setTimeout(r, 50));
    takeoverMs = performance.now() - killedAt;
  })();
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < o.nodes.length) await send(o.nodes[next++]!);
    }),
  );
  await killer;
  await new Promise((r) => setTimeout(r, 10_000)); // let the new leader work through what it may
  for (const c of children) await Promise.race([c.kill('SIGTERM'), new Promise((r) => setTimeout(r, 30_000))]);
  for (const c of children) await c.kill('SIGKILL');
  const evicted = grantedEvictions(o.auditLogPath).slice(before);
  const started = audits
    .flatMap((a) => readAudit(a))
    .filter((r) => r.kind === 'action.started')
    .map((r) => String(r.data.actionId));
  return {
    alerts: o.nodes.length,
    limitTasks: limit,
    disruptedTasks: evicted.length,
    breaches: evicted.length > limit ? 1 : 0,
    podsEvictedTwice: evicted.length - new Set(evicted).size,
    actionsStartedTwice: started.length - new Set(started).size,
    takeoverMs,
  };
}
