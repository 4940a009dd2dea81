/**
 * A quarantine that finishes after its alert resolved is released, with positive evidence:
 * the kube-apiserver answers the quarantine's first writes with 500, so it is still running
 * (retrying) when the resolved notification is handled. When it finishes, the handler sees
 * the resolved alert and releases the node if a real Prometheus shows it reporting clean;
 * a node that went silent keeps its quarantine and a person is told.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { useHandler } from '../support/handler';
import { useKubeCluster } from '../support/kube-apiserver';
import { startFaultProxy, type FaultProxy } from '../support/kube-fault-proxy';
import { useDriftPrometheus } from '../support/drift-prometheus';
import { TOKEN_ENV, config, driftLabels, post, readAudit, seedCluster, webhookBody } from './fixtures';

const cluster = useKubeCluster();
const prom = useDriftPrometheus();
let proxy: FaultProxy;
let auditPath: string;
const NODES = ['late-clean', 'late-silent'];
const TZ = 'spark.sql.session.timeZone';

afterAll(async () => {
  await proxy?.stop();
});
const h = useHandler(async () => {
  await seedCluster(cluster.kubeConfig, { nodes: [...NODES, ...Array.from({ length: 4 }, (_, i) => `late-pad-${i}`)], podsPerNode: 1 });
  // Each quarantine's first four writes fail: with the retry backoff it runs for over a second.
  proxy = await startFaultProxy(
    cluster.url,
    cluster.token,
    NODES.map((n) => ({ method: 'PATCH', path: new RegExp(`^/api/v1/nodes/${n}$`), status: 500, times: 4 })),
  );
  const cfg = config({
    prometheus: { regions: { 'eu-west-1': prom.url } },
    quarantineCap: 0.5,
    retry: { attempts: 8, baseDelay: '200ms', maxDelay: '400ms' },
  });
  auditPath = cfg.auditPath;
  return { config: cfg, kubeConfig: proxy.kubeConfig, env: TOKEN_ENV };
});

const quarantined = async (node: string) =>
  ((await cluster.kubeConfig.makeApiClient(CoreV1Api).readNode({ name: node })).spec?.taints ?? []).some((t) => t.key === 'plumb.dev/quarantine');
const actionsOn = (node: string) => h.handler.engine.ledger.listActions({ node });

describe('a quarantine that finishes after its alert resolved', () => {
  it('is released when the node reports clean, and kept (escalated) when the node went silent', async () => {
    // late-clean reports clean; late-silent's exporter has stopped (nothing reads evidence before a release).
    prom.setReporting([{ node: 'late-clean', workload: 'spark-streaming', dimension: TZ }]);
    await prom.settle();
    const alerts = NODES.map((node) => ({
      labels: driftLabels({ node, playbook: 'quarantine' }),
      fingerprint: `fp-${node}`,
      startsAt: '2026-03-03T10:00:00Z',
    }));
    await post(h.hookUrl, webhookBody(alerts));
    await h.handler.worker.round(); // decides and starts both quarantines; their writes are failing and retried
    expect(NODES.map((n) => actionsOn(n)[0]?.state)).toEqual(['running', 'running']);

    // The drift alerts resolve while the quarantines still run.
    await post(h.hookUrl, webhookBody(alerts.map((a) => ({ ...a, status: 'resolved' as const }))));
    await h.handler.worker.round();
    expect(NODES.map((n) => actionsOn(n).find((a) => a.playbook === 'quarantine')?.state)).toEqual(['running', 'running']);

    // The quarantines finish; the next rounds run the release the finish planned.
    await h.handler.worker.idle();
    for (let i = 0; i < 2; i++) {
      await h.handler.worker.round();
      await h.handler.worker.idle();
    }
    expect(await quarantined('late-clean')).toBe(false);
    expect(actionsOn('late-clean').find((a) => a.playbook === 'release')).toMatchObject({ state: 'succeeded' });
    expect(await quarantined('late-silent')).toBe(true);
    expect(actionsOn('late-silent').some((a) => a.playbook === 'release')).toBe(false);
    const audit = readAudit(auditPath);
    expect(audit.find((r) => r.data.result === 'release-planned' && r.data.node === 'late-clean')?.data).toMatchObject({
      detail: 'drift resolved while the quarantine ran',
      verification: expect.any(String),
    });
    expect(audit.filter((r) => r.kind === 'escalation' && r.data.reason === 'release-withheld').map((r) => r.data.node)).toEqual(['late-silent']);
  });
});
