/**
 * Remediation: active pauses (the kill switch), approvals waiting for a person, the
 * action queue with the people behind each action and why one waits, disruption budget
 * per region, and the audit log with its chain check. Writes go to the handler through
 * the plugin routes, which forward the signed-in user; buttons show only to users whom
 * both Grafana (the route's RBAC action) and the handler (its role for this person) allow.
 */
import { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import { decide, getBudget, listActions, listApprovals, listAudit, listPauses, pause, resume, rollback, whoAmI, type ActionView } from '../api/handler';
import { canDo, userLogin } from '../api/permissions';
import type { AppSettings } from '../api/settings';
import { useAsync } from '../api/useAsync';
import { checkChain } from '../audit/chainCheck';
import { ErrorBox } from '../components/common/ErrorBox';
import { formatTime, SEVERITY_COLOR } from '../components/common/format';
import { Section } from '../components/common/Section';
import { BudgetGauges } from '../components/remediation/BudgetGauges';
import { PauseBanners, PauseForm } from '../components/remediation/PausePanel';
import { ACTIONS } from '../constants';
import { testIds } from '../testIds';

async function loadAll() {
  const [actions, approvals, budget, audit, pauses] = await Promise.all([listActions(), listApprovals(), getBudget(), listAudit(), listPauses()]);
  // Unknown identity shows no write buttons (the handler would refuse anyway).
  const me = await whoAmI().catch(() => undefined);
  return { actions, approvals, budget, audit, pauses, me, chain: await checkChain(audit) };
}

export default function Remediation(_props: { settings: AppSettings }) {
  const s = useStyles2(getStyles);
  const state = useAsync(loadAll, []);
  const [busy, setBusy] = useState<string | undefined>();
  const [failure, setFailure] = useState<Error | undefined>();
  const role = state.value?.me?.role;
  const mayApprove = canDo(ACTIONS.approve) && role === 'approver';
  const mayRollback = canDo(ACTIONS.rollback) && (role === 'operator' || role === 'approver');
  const act = (id: string, run: () => Promise<unknown>) => {
    setBusy(id);
    setFailure(undefined);
    run().then(
      () => (setBusy(undefined), state.reload()),
      (e: Error) => (setBusy(undefined), setFailure(e)),
    );
  };
  if (state.loading && !state.value) return <LoadingPlaceholder text="Loading remediation state…" />;
  if (!state.value) return state.error ? <ErrorBox error={state.error} hint="Check the handler URL and tokens on the configuration page." /> : null;
  const { actions, approvals, budget, audit, pauses, me, chain } = state.value;
  const comment = `via Grafana by ${userLogin()}`;
  return (
    <div data-testid={testIds.remediation.container}>
      {failure ? <ErrorBox error={failure} /> : null}
      <PauseBanners pauses={pauses} mayResume={mayApprove} onResume={(id) => act(id, () => resume(id, comment))} />
      <p className={s.muted} data-testid={testIds.remediation.identity}>
        {me ? `The handler knows you as ${me.name} (${me.role}).` : 'The handler did not name you: approvals, rollbacks and pauses are not offered.'}
      </p>
      <Section title={`Pending approvals (${approvals.length})`} testId={testIds.remediation.approvals}>
        {approvals.length === 0 ? <p>Nothing waits for approval.</p> : null}
        {approvals.map((a) => (
          <div key={a.id} className={s.approval}>
            <ActionSummary a={a} />
            {mayApprove ? (
              <Stack direction="row" gap={1}>
                <Button
                  size="sm"
                  icon="check"
                  disabled={busy === a.id}
                  onClick={() => act(a.id, () => decide(a.id, 'approve', comment))}
                  data-testid={testIds.remediation.approve(a.id)}
                >
                  Approve
                </Button>
                <Button
                  size="sm"
                  variant="destructive"
                  icon="times"
                  disabled={busy === a.id}
                  onClick={() => act(a.id, () => decide(a.id, 'reject', comment))}
                  data-testid={testIds.remediation.reject(a.id)}
                >
                  Reject
                </Button>
              </Stack>
            ) : (
              <span className={s.muted}>Needs an approver</span>
            )}
          </div>
        ))}
      </Section>
      {mayApprove ? (
        <Section title="Pause remediation">
          <PauseForm onPause={(request) => act('pause', () => pause(request))} />
        </Section>
      ) : null}
      <Section title="Disruption budget by region" testId={testIds.remediation.budget}>
        <BudgetGauges budget={budget} />
      </Section>
      <Section title={`Action queue (${actions.length})`} testId={testIds.remediation.queue}>
        <table className={s.table}>
          <thead>
            <tr>
              <th>Updated</th>
              <th>Node</th>
              <th>Rule</th>
              <th>Playbook</th>
              <th>Mode</th>
              <th>State</th>
              <th>People</th>
              <th>Why / detail</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {actions.map((a) => (
              <tr key={a.id}>
                <td>{formatTime(a.updatedMs)}</td>
                <td>{a.node}</td>
                <td className={s.mono}>{a.rule}</td>
                <td>{a.playbook}</td>
                <td>{a.mode}</td>
                <td>
                  <Badge
                    text={a.state}
                    color={
                      a.state === 'succeeded'
                        ? 'green'
                        : a.state === 'awaiting-approval'
                          ? 'orange'
                          : a.state === 'refused' || a.state === 'failed' || a.state === 'escalated'
                            ? 'red'
                            : 'blue'
                    }
                  />
                </td>
                <td className={s.detail} data-testid={testIds.remediation.people(a.id)}>
                  {people(a)}
                </td>
                <td className={s.detail} data-testid={testIds.remediation.why(a.id)}>
                  <Why a={a} />
                </td>
                <td>
                  {mayRollback && a.canRollback ? (
                    <Button
                      size="sm"
                      variant="secondary"
                      icon="history"
                      disabled={busy === a.id}
                      onClick={() => act(a.id, () => rollback(a.id, comment))}
                      data-testid={testIds.remediation.rollback(a.id)}
                    >
                      Roll back
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section
        title="Audit log"
        testId={testIds.remediation.audit}
        aside={
          <span data-testid={testIds.remediation.chain}>
            {chain.ok ? (
              <Badge color="green" icon="lock" text={`Chain intact (${chain.checked} records${chain.complete ? ', from genesis' : ''})`} />
            ) : (
              <Badge color="red" icon="exclamation-triangle" text={`Chain broken at #${chain.seq}: ${chain.problem}`} />
            )}
          </span>
        }
      >
        <table className={s.table}>
          <thead>
            <tr>
              <th>#</th>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>Node</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {[...audit]
              .reverse()
              .slice(0, 50)
              .map((r) => (
                <tr key={r.seq}>
                  <td>{r.seq}</td>
                  <td>{formatTime(r.atMs)}</td>
                  <td>{r.actor}</td>
                  <td>{r.kind}</td>
                  <td>{String(r.data.node ?? '')}</td>
                  <td className={s.detail}>{summarise(r.data)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}

function ActionSummary({ a }: { a: ActionView }) {
  return (
    <span>
      <Badge text={a.severity} color={SEVERITY_COLOR[a.severity] ?? 'blue'} /> <strong>{a.playbook}</strong> on <strong>{a.node}</strong> ({a.region}) for{' '}
      <code>{a.rule}</code> — requested by {a.requestedBy}
    </span>
  );
}

/** Who asked for an action and who approved it. */
function people(a: ActionView): string {
  return [`requested by ${a.requestedBy}`, a.approvedBy ? `approved by ${a.approvedBy}` : a.approvalRequired ? 'not approved yet' : '']
    .filter(Boolean)
    .join(' · ');
}

/** Why an action waits or stopped (`<guardrail>: <detail>`, e.g. `paused: …`), else its detail. */
function Why({ a }: { a: ActionView }) {
  const refusal = ['deferred', 'refused', 'observed', 'escalated'].includes(a.state) ? a.lastRefusal : undefined;
  if (refusal === undefined) return <>{a.detail ?? a.lastRefusal ?? ''}</>;
  const i = refusal.indexOf(':');
  return (
    <>
      <Badge text={i > 0 ? refusal.slice(0, i) : a.state} color={refusal.startsWith('paused') ? 'orange' : 'purple'} />{' '}
      {i > 0 ? refusal.slice(i + 1).trim() : refusal}
    </>
  );
}

function summarise(data: Record<string, unknown>): string {
  const keep = ['decision', 'result', 'playbook', 'guardrail', 'scope', 'reason', 'comment', 'state', 'mode'];
  return keep
    .filter((k) => data[k] !== undefined)
    .map((k) => `${k}: ${typeof data[k] === 'object' ? JSON.stringify(data[k]) : String(data[k])}`)
    .join(' · ');
}

const getStyles = (theme: GrafanaTheme2) => ({
  approval: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': { padding: theme.spacing(0.5, 1), borderBottom: `1px solid ${theme.colors.border.weak}`, textAlign: 'left' },
  }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  detail: css({ maxWidth: 420, color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  muted: css({ color: theme.colors.text.secondary }),
});
