/**
 * Pools outside Kubernetes (EMR instance groups) count a node the handler took out as back in
 * service once a real Prometheus shows the pool's nodes reporting again: the quarantine cap then
 * frees up. Without that evidence the handler's own record stands, so the cap never loosens on
 * silence. Dry-run, so the decision is recorded without calling EMR.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';
import { notStarted } from '@plumb/alertmanager-hooks/ledger/action';
import { useDriftPrometheus } from '../support/drift-prometheus';
import { TOKEN_ENV, config, driftLabels, post, webhookBody } from './fixtures';

const prom = useDriftPrometheus();
let handler: RunningHandler;
const POOL = 'emr-task';
const DIM = 'spark.sql.session.timeZone';

beforeAll(async () => {
  const cfg = config({
    prometheus: { regions: { 'eu-west-1': prom.url } },
    modes: { default: 'dry-run' },
    poolSizes: { [POOL]: 4 },
    quarantineCap: 0.5,
    budget: { maxDisruptedShare: 0.5, emrRunningTasks: { 'eu-west-1': 1000 } },
  });
  const started = await startHandler(cfg, { kube: null, env: { ...process.env, ...TOKEN_ENV }, autoRun: false });
  if (!started.ok) throw new Error(started.errors.join('\n'));
  handler = started.handler;
  // Two instances of the pool the handler decommissioned earlier.
  const now = Date.now();
  for (const node of ['emr-old-1', 'emr-old-2']) {
    handler.engine.ledger.insertAction({
      id: `act-${node}`,
      fingerprint: `fp-${node}`,
      startsAt: '2026-03-01T00:00:00Z',
      node,
      region: 'eu-west-1',
      pool: POOL,
      workload: 'spark-streaming',
      dimension: DIM,
      severity: 'sla-risk',
      rule: `spark-streaming/${DIM}`,
      platform: 'emr',
      playbook: 'emr-decommission' as const,
      approvalRequired: false,
      mode: 'enforce' as const,
      state: 'succeeded' as const,
      requestedBy: 'plumb-hooks/hooks-test',
      ...notStarted(now - 600_000),
      startedMs: now - 600_000,
      finishedMs: now - 590_000,
      detail: undefined,
      inverseOf: undefined,
    });
  }
}, 60_000);

afterAll(async () => {
  await handler?.stop();
});

const round = async () => {
  await handler.worker.round();
  await handler.worker.idle();
};
const actionOn = (node: string) => handler.engine.ledger.listActions({ node })[0]!;

describe('an EMR pool counts a node back in service when verified', () => {
  it('keeps the cap full while the replacements do not report, and frees it once Prometheus shows the pool whole', async () => {
    // Only the two remaining instances report.
    prom.setReporting(['emr-a', 'emr-b'].map((node) => ({ node, workload: 'spark-streaming', dimension: DIM, pool: POOL })));
    await prom.settle();
    await post(`${handler.url}/hooks/alertmanager`, webhookBody([{ labels: driftLabels({ node: 'emr-a', pool: POOL, playbook: 'emr-decommission' }) }]));
    await round();
    expect(actionOn('emr-a')).toMatchObject({ state: 'deferred', lastRefusal: expect.stringMatching(/^quarantine-cap: 2 \+ 1 of 4 nodes of pool emr-task/) });

    // EMR replaced both instances; all four report.
    prom.setReporting(['emr-a', 'emr-b', 'emr-c', 'emr-d'].map((node) => ({ node, workload: 'spark-streaming', dimension: DIM, pool: POOL })));
    await prom.settle();
    await round();
    expect(actionOn('emr-a').state).toBe('dry-run');
  });

  it('keeps counting the earlier decommissions when Prometheus cannot be read', async () => {
    await prom.stop();
    await post(
      `${handler.url}/hooks/alertmanager`,
      webhookBody([{ labels: driftLabels({ node: 'emr-b', pool: POOL, dimension: 'other', playbook: 'emr-decommission' }) }]),
    );
    await round();
    expect(actionOn('emr-b')).toMatchObject({ state: 'deferred', lastRefusal: expect.stringMatching(/^quarantine-cap: 2 \+ 1 of 4/) });
  });
});
