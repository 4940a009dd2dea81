/**
 * Identity bound to the scrape target, end to end from Alertmanager to the kube-apiserver:
 * the compiled rules carry the discovery identity (`sd_node`, test/rules/discovery-identity.test.ts);
 * an alert from an exporter on node A that claims to be node B reaches plumb-hooks through a
 * real Alertmanager and is refused and audited (`refusedBy: identity`), and node B is left
 * untouched. An honest alert with the same playbook is acted on, so the refusal is the check's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CoreV1Api } from '@kubernetes/client-node';
import { useKubeCluster } from '../support/kube-apiserver';
import { driftLabels, plumbTaints, readAudit, seedCluster, until, useHandlerBehindAlertmanager } from './fixtures';

const cluster = useKubeCluster();
let core: CoreV1Api;

beforeAll(async () => {
  ({ core } = await seedCluster(cluster.kubeConfig, { nodes: ['id-node-a', 'id-node-b', 'id-node-c'], podsPerNode: 1 }));
}, 120_000);

const stack = useHandlerBehindAlertmanager(
  { modes: { default: 'enforce' }, quarantineCap: 1, verify: { delay: '1h' } },
  { repeatInterval: '1h' },
  () => cluster.kubeConfig,
);

const quarantine = { playbook: 'quarantine', approval: 'none', severity: 'correctness-risk' };
const decisionFor = (summary: string) =>
  readAudit(stack.auditPath).find((r) => r.kind === 'decision' && (r.data.alert as { summary?: string } | undefined)?.summary === summary);
/** What plumb wrote on a node: its taints, labels and annotations. */
async function plumbMarks(node: string) {
  const n = await core.readNode({ name: node });
  const ours = (o: Record<string, string> | undefined) => Object.keys(o ?? {}).filter((k) => k.startsWith('plumb.dev/') && k !== 'plumb.dev/pool');
  return { taints: plumbTaints(n), labels: ours(n.metadata?.labels), annotations: ours(n.metadata?.annotations) };
}
const untouched = { taints: [], labels: [], annotations: [] };

describe('the node an alert acts on is the scrape target node', () => {
  it('refuses an alert from an exporter on node A claiming node B, audits it, and writes nothing to node B', async () => {
    await stack.am.push([{ labels: driftLabels({ node: 'id-node-b', sdNode: 'id-node-a', ...quarantine }), annotations: { summary: 'claims-b' } }]);
    const refusal = await until('the refusal', () => decisionFor('claims-b'));
    expect(refusal.data).toMatchObject({
      result: 'refused',
      refusedBy: 'identity',
      node: 'id-node-b',
      detail: expect.stringContaining('node=id-node-b but the scrape target is sd_node=id-node-a'),
    });
    expect(stack.handler.engine.ledger.listActions({ node: 'id-node-b' })).toEqual([]);
    expect(await plumbMarks('id-node-b')).toEqual(untouched);
    expect(await plumbMarks('id-node-a')).toEqual(untouched);
  });

  it('refuses an alert with no discovery identity (fail closed)', async () => {
    await stack.am.push([
      { labels: driftLabels({ node: 'id-node-b', sdNode: null, ...quarantine, dimension: 'other.dim' }), annotations: { summary: 'no-sd' } },
    ]);
    const refusal = await until('the refusal', () => decisionFor('no-sd'));
    expect(refusal.data).toMatchObject({ result: 'refused', refusedBy: 'identity', detail: expect.stringContaining('no discovery identity') });
    expect(await plumbMarks('id-node-b')).toEqual(untouched);
  });

  it('acts on an alert whose node is the scrape target node', async () => {
    await stack.am.push([{ labels: driftLabels({ node: 'id-node-c', ...quarantine }), annotations: { summary: 'honest-c' } }]);
    await until('the quarantine', async () => ((await plumbMarks('id-node-c')).taints.length > 0 ? true : undefined));
    // The taint lands before the handler records the step's outcome: wait for the record too.
    const recorded = () => stack.handler.engine.ledger.listActions({ node: 'id-node-c' })[0];
    await until('the recorded success', async () => (recorded()?.state === 'succeeded' ? true : undefined));
    expect(recorded()).toMatchObject({ playbook: 'quarantine', state: 'succeeded' });
  });
});
