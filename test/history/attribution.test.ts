/**
 * Attribution through the real kube-apiserver: a ConfigMap written by helm and then
 * edited by a named field manager. The managedFields the API server records name the
 * editor and the time for the edited key, and helm for the key it alone wrote; the cause
 * travels on the change event through the history encoding.
 */
import { PatchStrategy, setHeaderOptions, type CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCause } from '@plumb/core/attribution/cause';
import { causeFromManagedFields } from '@plumb/core/attribution/managed-fields';
import type { ChangeEvent } from '@plumb/core/state/events';
import { decodeChange, encodeChange } from '@plumb/history/change/encode';
import { startKubeCluster, type KubeCluster } from '../support/kube-apiserver';

const NS = 'default';
const NAME = 'spark-defaults';
const TZ = ['data', 'spark.sql.session.timeZone'];
let cluster: KubeCluster;
let core: CoreV1Api;

beforeAll(async () => {
  cluster = await startKubeCluster();
  const { CoreV1Api: Api } = await import('@kubernetes/client-node');
  core = cluster.kubeConfig.makeApiClient(Api);
  await core.createNamespacedConfigMap({
    namespace: NS,
    fieldManager: 'helm',
    body: { metadata: { name: NAME }, data: { 'spark.sql.session.timeZone': 'UTC', 'spark.executor.memory': '8g' } },
  });
  await new Promise((r) => setTimeout(r, 1100)); // managedFields times have one-second resolution
  await core.patchNamespacedConfigMap(
    { name: NAME, namespace: NS, fieldManager: 'jane.doe-hotfix', body: { data: { 'spark.sql.session.timeZone': 'America/New_York' } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
});
afterAll(async () => {
  await cluster?.stop();
});

describe('attribution of a ConfigMap change', () => {
  it('The edited key is attributed to the named field manager at the time of the edit.', async () => {
    const cm = await core.readNamespacedConfigMap({ name: NAME, namespace: NS });
    const cause = causeFromManagedFields(cm.metadata?.managedFields, TZ);
    expect(cause).toMatchObject({ kind: 'field-manager', manager: 'jane.doe-hotfix', operation: 'Update' });
    const helmAt = cm.metadata?.managedFields?.find((m) => m.manager === 'helm')?.time;
    expect(cause.kind === 'field-manager' && helmAt && cause.at > new Date(helmAt).toISOString()).toBe(true);
  });

  it('A key only helm wrote stays attributed to helm.', async () => {
    const cm = await core.readNamespacedConfigMap({ name: NAME, namespace: NS });
    expect(causeFromManagedFields(cm.metadata?.managedFields, ['data', 'spark.executor.memory'])).toMatchObject({ kind: 'field-manager', manager: 'helm' });
  });

  it('The cause travels on the change event through the history encoding and reads "changed by … at …".', async () => {
    const cm = await core.readNamespacedConfigMap({ name: NAME, namespace: NS });
    const cause = causeFromManagedFields(cm.metadata?.managedFields, TZ);
    const event: ChangeEvent = {
      eventId: 'n1:spark-batch:spark.sql.session.timeZone:1',
      node: 'n1',
      region: 'eu-west-1',
      workload: 'spark-batch',
      dimension: 'spark.sql.session.timeZone',
      oldHash: 'a',
      newHash: 'b',
      observedAtMs: 1,
      seq: 1,
      cause,
    };
    const decoded = decodeChange(encodeChange(event).value, 'test');
    expect(decoded.ok && decoded.event.cause).toEqual(cause);
    expect(describeCause(cause)).toMatch(/^changed by jane\.doe-hotfix \(Update\) at \d{4}-\d\d-\d\dT/);
  });

  it('A malformed cause on a record reads as unknown and does not drop the change.', () => {
    const body = JSON.parse(
      encodeChange({ eventId: 'e', node: 'n', region: 'r', workload: 'w', dimension: 'd', observedAtMs: 1, seq: 1 }).value as string,
    ) as Record<string, unknown>;
    const decoded = decodeChange(JSON.stringify({ ...body, cause: { kind: 'emr-step', stepId: 'not-a-step' } }), 'test');
    expect(decoded.ok && decoded.event.cause).toEqual({ kind: 'unknown' });
  });

  it('A change without a cause decodes without one (no cause is not made up).', () => {
    const decoded = decodeChange(encodeChange({ eventId: 'e', node: 'n', region: 'r', workload: 'w', dimension: 'd', observedAtMs: 1, seq: 1 }).value, 'test');
    expect(decoded.ok && 'cause' in decoded.event).toBe(false);
  });
});
