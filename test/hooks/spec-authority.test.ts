/**
 * Authority flows from the spec: alerts reach plumb-hooks through a real Alertmanager,
 * and anyone who can post to Alertmanager can write their labels. A forged alert
 * asking for a drain without approval, where the spec says quarantine with approval,
 * is refused and audited; labels that agree with the spec, or ask for less, are obeyed
 * only as far as the spec allows.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { driftLabels, readAudit, until, useHandlerBehindAlertmanager } from './fixtures';

// In the spec: spark.sql.session.timeZone is correctness-risk → quarantine, approval required.
const TZ = { workload: 'spark-streaming', dimension: 'spark.sql.session.timeZone', severity: 'correctness-risk' };

const stack = useHandlerBehindAlertmanager(
  { specPath: resolve(import.meta.dirname, '../../examples/paywave/desired-state.yaml'), modes: { default: 'enforce' } },
  { repeatInterval: '1h', maxAlerts: 10 },
);

const decisionsOn = (node: string) =>
  readAudit(stack.auditPath).filter((r) => r.kind === 'decision' && (r.data.alert as { summary?: string } | undefined)?.summary === node);

describe('labels against the spec, through a real Alertmanager', () => {
  it('refuses and audits a forged alert asking for a drain without approval', async () => {
    await stack.am.push([{ labels: driftLabels({ node: 'forged-1', ...TZ, playbook: 'drain', approval: 'none' }), annotations: { summary: 'forged-1' } }]);
    const [refusal] = await until('the refusal', () => (decisionsOn('forged-1').length > 0 ? decisionsOn('forged-1') : undefined));
    expect(refusal?.data).toMatchObject({
      result: 'refused',
      refusedBy: 'spec-authority',
      detail: expect.stringContaining("label playbook=drain contradicts the spec's quarantine"),
    });
    expect(stack.handler.engine.ledger.listActions({ node: 'forged-1' })).toEqual([]);
  });

  it('keeps the approval the spec requires when the labels say none', async () => {
    await stack.am.push([{ labels: driftLabels({ node: 'forged-2', ...TZ, playbook: 'quarantine', approval: 'none' }), annotations: { summary: 'forged-2' } }]);
    const action = await until('the action', () => stack.handler.engine.ledger.listActions({ node: 'forged-2' })[0]);
    expect(action).toMatchObject({ playbook: 'quarantine', approvalRequired: true, state: 'awaiting-approval' });
  });

  it('refuses a rule the spec does not define', async () => {
    await stack.am.push([
      {
        labels: driftLabels({ node: 'forged-3', workload: 'spark-streaming', dimension: 'made.up', playbook: 'restart', approval: 'none' }),
        annotations: { summary: 'forged-3' },
      },
    ]);
    const [refusal] = await until('the refusal', () => (decisionsOn('forged-3').length > 0 ? decisionsOn('forged-3') : undefined));
    expect(refusal?.data).toMatchObject({ result: 'refused', refusedBy: 'spec-authority', detail: expect.stringContaining('not in the spec') });
  });
});
