/**
 * Approve and reject sent at the same moment: exactly one wins, the other gets
 * 409, and the audit log holds one outcome per action.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';
import { TOKENS, TOKEN_ENV, config, driftLabels, post, readAudit, webhookBody } from '../fixtures';

let handler: RunningHandler;
let auditPath: string;

beforeAll(async () => {
  const cfg = config({ replica: 'race', modes: { default: 'enforce' } });
  auditPath = cfg.auditPath;
  const started = await startHandler(cfg, { kube: null, env: { ...process.env, ...TOKEN_ENV }, autoRun: false });
  if (!started.ok) throw new Error(started.errors.join('\n'));
  handler = started.handler;
});
afterAll(async () => handler?.stop());

describe('approve/reject race', () => {
  it('lets exactly one of a simultaneous approve and reject through, for each of 20 actions', async () => {
    const nodes = Array.from({ length: 20 }, (_, i) => `race-${i}`);
    await post(
      `${handler.url}/hooks/alertmanager`,
      webhookBody(nodes.map((node) => ({ labels: driftLabels({ node, playbook: 'quarantine', approval: 'required' }) }))),
    );
    await handler.worker.round();
    const waiting = handler.engine.ledger.actionsInState(['awaiting-approval']);
    expect(waiting).toHaveLength(20);
    const results = await Promise.all(
      waiting.map(async (a) => {
        const [ok, no] = await Promise.all([
          post(`${handler.url}/api/v1/actions/${a.id}/approve`, {}, TOKENS.approver),
          post(`${handler.url}/api/v1/actions/${a.id}/reject`, {}, TOKENS.approver),
        ]);
        return { id: a.id, statuses: [ok.status, no.status].sort(), state: handler.engine.ledger.getAction(a.id)!.state };
      }),
    );
    for (const r of results) expect(r.statuses).toEqual([200, 409]);
    const outcomes = readAudit(auditPath).filter((r) => r.kind === 'approval');
    for (const r of results) {
      const mine = outcomes.filter((o) => o.data.actionId === r.id).map((o) => o.data.result);
      expect(mine).toEqual([r.state === 'approved' ? 'approved' : 'rejected']);
    }
  });
});
