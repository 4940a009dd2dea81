/**
 * The shared state against a real kube-apiserver: a replica whose view is stale
 * loses the compare-and-set and is fenced (it decides nothing until it reloads);
 * a new term loads every record, across pages.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { makeKubeClients } from '@plumb/alertmanager-hooks/kube/clients';
import type { ActionRecord } from '@plumb/alertmanager-hooks/ledger/action';
import { Ledger } from '@plumb/alertmanager-hooks/ledger/ledger';
import { ConfigMapStore } from '@plumb/alertmanager-hooks/state/configmap-store';
import { SharedState } from '@plumb/alertmanager-hooks/state/shared-state';
import { startKubeCluster, type KubeCluster } from '../../support/kube-apiserver';

let cluster: KubeCluster;
const ledgers: Ledger[] = [];

beforeAll(async () => {
  cluster = await startKubeCluster();
  await cluster.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'state' } } });
});
afterAll(async () => {
  for (const l of ledgers) l.close();
  await cluster?.stop();
});

function replica(): { ledger: Ledger; state: SharedState; logs: string[] } {
  const ledger = new Ledger(join(mkdtempSync(join(tmpdir(), 'plumb-state-')), 'ledger.db'));
  ledgers.push(ledger);
  const logs: string[] = [];
  return { ledger, state: new SharedState(new ConfigMapStore(makeKubeClients(cluster.kubeConfig), 'state'), ledger, (m) => logs.push(m)), logs };
}

const action = (id: string, over: Partial<ActionRecord> = {}): ActionRecord => ({
  id,
  fingerprint: `fp-${id}`,
  startsAt: '2026-03-01T10:00:00.000Z',
  node: `n-${id}`,
  region: 'eu-west-1',
  pool: 'spark',
  workload: 'spark-streaming',
  dimension: 'd',
  severity: 'sla-risk',
  rule: 'r',
  platform: 'k8s',
  playbook: 'restart',
  approvalRequired: false,
  mode: 'enforce',
  state: 'pending',
  requestedBy: 'plumb-hooks/a',
  approvedBy: undefined,
  cost: 0,
  createdMs: 1,
  updatedMs: 1,
  startedMs: undefined,
  finishedMs: undefined,
  verifyAtMs: undefined,
  lastRefusal: undefined,
  detail: undefined,
  progress: {},
  inverseOf: undefined,
  ...over,
});

describe('shared state in ConfigMaps', () => {
  it('fences a replica whose write is based on a stale view, and a reload clears it', async () => {
    const a = replica();
    const b = replica();
    await a.state.load();
    a.ledger.insertAction(action('cas-1'));
    await a.state.settle();
    await b.state.load();
    expect(b.ledger.getAction('cas-1')?.state).toBe('pending');
    b.ledger.updateAction('cas-1', { state: 'running', startedMs: 5, cost: 3 }, 5);
    await b.state.settle();
    // A still believes it is pending and tries to cancel it: refused, and A stops.
    a.ledger.updateAction('cas-1', { state: 'cancelled', finishedMs: 6 }, 6);
    await expect(a.state.settle()).rejects.toThrow(/fenced/);
    expect(a.state.health()).toMatchObject({ ok: false, reason: expect.stringContaining('written by someone else') });
    await a.state.load();
    expect(a.state.health()).toEqual({ ok: true });
    expect(a.ledger.getAction('cas-1')).toMatchObject({ state: 'running', cost: 3, startedMs: 5 });
  });

  it('loads every record of a new term, across pages', async () => {
    const writer = replica();
    await writer.state.load();
    for (let i = 0; i < 1_100; i++) writer.ledger.insertAction(action(`page-${i}`));
    await writer.state.settle(undefined, 120_000);
    const reader = replica();
    const n = await reader.state.load();
    expect(n.actions).toBeGreaterThanOrEqual(1_100);
    expect(reader.ledger.getAction('page-1099')?.node).toBe('n-page-1099');
  }, 180_000);
});
