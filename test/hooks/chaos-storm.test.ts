/**
 * An alert storm: 1,000 drift alerts across 1,000 nodes, pushed through a real
 * Alertmanager within a minute, against a real kube-apiserver. The disruption
 * budget (1% of running tasks per region) is never exceeded — asserted from the
 * audit log alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKubeClients } from '@plumb/alertmanager-hooks/kube/clients';
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';
import { verifyChain } from '@plumb/alertmanager-hooks/audit/chain';
import { readFileSync } from 'node:fs';
import { startAlertmanager, type RunningAlertmanager } from '../support/alertmanager-server';
import { useKubeCluster } from '../support/kube-apiserver';
import { TOKEN_ENV, TOKENS, config, driftLabels, readAudit, seedCluster, until } from './fixtures';
import { useDriftPrometheus } from '../support/drift-prometheus';

const NODES = 1000;
const SHARE = 0.01;
const cluster = useKubeCluster();
const prom = useDriftPrometheus();
let am: RunningAlertmanager;
let handler: RunningHandler;
let auditPath: string;

beforeAll(async () => {
  await seedCluster(cluster.kubeConfig, {
    nodes: Array.from({ length: NODES }, (_, i) => `storm-${String(i).padStart(4, '0')}`),
    podsPerNode: 2,
    concurrency: 16,
  });
  // Every node keeps reporting the dimension, so a restart is verified on evidence after the next scrape.
  prom.setReporting(
    Array.from({ length: NODES }, (_, i) => ({
      node: `storm-${String(i).padStart(4, '0')}`,
      workload: 'spark-streaming',
      dimension: 'spark.sql.session.timeZone',
    })),
  );
  const cfg = config({
    budget: { maxDisruptedShare: SHARE, window: '1h' },
    concurrencyPerRegion: 3,
    prometheus: { url: prom.url },
    processEvery: '500ms',
    recheckDeferredEvery: '1s',
    verify: { delay: '3s', timeout: '5s' },
  });
  auditPath = cfg.auditPath;
  const started = await startHandler(cfg, { kube: makeKubeClients(cluster.kubeConfig), env: { ...process.env, ...TOKEN_ENV } });
  if (!started.ok) throw new Error(started.errors.join('\n'));
  handler = started.handler;
  am = await startAlertmanager({
    webhookUrl: `${handler.url}/hooks/alertmanager`,
    bearerToken: TOKENS.webhook,
    groupBy: ['node'],
    groupWait: '1s',
    groupInterval: '5s',
    repeatInterval: '1h',
  });
}, 300_000);

afterAll(async () => {
  await am?.stop();
  await handler?.stop();
});

describe('an alert storm of 1,000 alerts over 1,000 nodes', () => {
  it('decides on every alert and never exceeds the disruption budget', async () => {
    const alerts = Array.from({ length: NODES }, (_, i) => ({
      labels: driftLabels({ node: `storm-${String(i).padStart(4, '0')}` }),
      annotations: { summary: 'storm' },
    }));
    const t0 = Date.now();
    for (let i = 0; i < alerts.length; i += 100) await am.push(alerts.slice(i, i + 100));
    const pushMs = Date.now() - t0;

    await until(
      'a decision for every alert',
      () => {
        const decided = new Set(
          readAudit(auditPath)
            .filter((r) => r.kind === 'decision')
            .map((r) => r.data.actionId),
        );
        return decided.size >= NODES || undefined;
      },
      150_000,
      1000,
    );
    await until(
      'started actions to finish',
      async () => {
        await handler.worker.idle();
        return handler.engine.ledger.actionsInState(['running', 'verifying']).length === 0 || undefined;
      },
      60_000,
      500,
    );

    const audit = readAudit(auditPath);
    const started = audit.filter((r) => r.kind === 'action.started');
    expect(started.length).toBeGreaterThan(0);
    // Replay the budget from the audit log alone: at every start, what had been
    // disrupted in the window plus this action's cost stays within 1% of running tasks.
    let used = 0;
    for (const rec of started) {
      const cost = Number(rec.data.cost);
      const running = Number((rec.data.budget as { runningTasks: number }).runningTasks);
      expect(used + cost).toBeLessThanOrEqual(SHARE * running);
      used += cost;
    }
    expect(used).toBeLessThanOrEqual(SHARE * NODES * 2);
    console.log(`storm: pushed ${NODES} alerts in ${pushMs} ms; ${started.length} actions started, ${used} tasks disrupted of ${SHARE * NODES * 2} allowed`);
    // Everything else was deferred by a guardrail, and that is on record too.
    const deferred = new Set(audit.filter((r) => r.kind === 'decision' && r.data.result === 'deferred').map((r) => r.data.actionId));
    expect(deferred.size + started.length).toBeGreaterThanOrEqual(NODES);
    expect(audit.some((r) => r.data.refusedBy === 'disruption-budget')).toBe(true);
    expect(verifyChain(readFileSync(auditPath, 'utf8').split('\n')).ok).toBe(true);
    const metrics = await (await fetch(`${handler.url}/metrics`)).text();
    expect(metrics).toMatch(/plumb_hooks_guardrail_refusals_total\{guardrail="disruption-budget"\} [1-9]/);
  }, 300_000);
});
