/**
 * Remediation: the action queue, approvals waiting for a person, disruption budget per
 * region, and the audit log with its chain check, for one region or all of them (the
 * global view reads every region's handler). Approve/reject and rollback go to the handler
 * of the action's region through role-specific plugin routes; buttons show only to users
 * allowed. A region whose handler does not answer is named, its state unknown.
 */
import { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import { decide, rollback, type ActionView } from '../api/handler';
import { canDo, userLogin } from '../api/permissions';
import { loadRemediation } from '../api/regional-remediation';
import { regionsOf, type Region } from '../api/regions';
import type { AppSettings } from '../api/settings';
import { useAsync } from '../api/useAsync';
import { ErrorBox } from '../components/common/ErrorBox';
import { formatTime, SEVERITY_COLOR } from '../components/common/format';
import { Section } from '../components/common/Section';
import { BudgetGauges } from '../components/remediation/BudgetGauges';
import { ACTIONS } from '../constants';
import { testIds } from '../testIds';

export default function Remediation(props: { settings: AppSettings; regions?: Region[] }) {
  const s = useStyles2(getStyles);
  const regions = props.regions ?? regionsOf(props.settings);
  const several = regions.length > 1;
  const state = useAsync(() => loadRemediation(regions), [regions.map((r) => r.name).join(',')]);
  const [busy, setBusy] = useState<string | undefined>();
  const [failure, setFailure] = useState<Error | undefined>();
  const mayApprove = canDo(ACTIONS.approve);
  const mayRollback = canDo(ACTIONS.rollback);
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
  const { actions, approvals, budget, audit, chains, unavailable } = state.value;
  const comment = `via Grafana by ${userLogin()}`;
  return (
    <div data-testid={testIds.remediation.container}>
      {failure ? <ErrorBox error={failure} /> : null}
      {unavailable.map((u) => (
        <div key={u.region.name} data-testid={testIds.remediation.unavailable(u.region.name)}>
          <ErrorBox
            error={new Error(`Region ${u.region.name}: its handler did not answer, so its approvals, budget and audit are unknown. ${u.error.message}`)}
          />
        </div>
      ))}
      <Section title={`Pending approvals (${approvals.length})`} testId={testIds.remediation.approvals}>
        {approvals.length === 0 ? <p>Nothing waits for approval.</p> : null}
        {approvals.map(({ item: a, region }) => (
          <div key={`${region.name}/${a.id}`} className={s.approval}>
            <ActionSummary a={a} />
            {mayApprove ? (
              <Stack direction="row" gap={1}>
                <Button
                  size="sm"
                  icon="check"
                  disabled={busy === a.id}
                  onClick={() => act(a.id, () => decide(a.id, 'approve', comment, region.routes))}
                  data-testid={testIds.remediation.approve(a.id)}
                >
                  Approve
                </Button>
                <Button
                  size="sm"
                  variant="destructive"
                  icon="times"
                  disabled={busy === a.id}
                  onClick={() => act(a.id, () => decide(a.id, 'reject', comment, region.routes))}
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
      <Section title="Disruption budget by region" testId={testIds.remediation.budget}>
        <BudgetGauges budget={budget} />
      </Section>
      <Section title={`Action queue (${actions.length})`} testId={testIds.remediation.queue}>
        <table className={s.table}>
          <thead>
            <tr>
              <th>Updated</th>
              {several ? <th>Region</th> : null}
              <th>Node</th>
              <th>Rule</th>
              <th>Playbook</th>
              <th>Mode</th>
              <th>State</th>
              <th>Detail</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {actions.map(({ item: a, region }) => (
              <tr key={`${region.name}/${a.id}`}>
                <td>{formatTime(a.updatedMs)}</td>
                {several ? <td>{region.name}</td> : null}
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
                <td className={s.detail}>{a.lastRefusal ?? a.detail ?? ''}</td>
                <td>
                  {mayRollback && a.canRollback ? (
                    <Button
                      size="sm"
                      variant="secondary"
                      icon="history"
                      disabled={busy === a.id}
                      onClick={() => act(a.id, () => rollback(a.id, comment, region.routes))}
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
            {chains.map(({ region, chain }) => {
              const where = several ? `${region.name}: ` : '';
              return chain.ok ? (
                <Badge
                  key={region.name}
                  color="green"
                  icon="lock"
                  text={`${where}Chain intact (${chain.checked} records${chain.complete ? ', from genesis' : ''})`}
                />
              ) : (
                <Badge key={region.name} color="red" icon="exclamation-triangle" text={`${where}Chain broken at #${chain.seq}: ${chain.problem}`} />
              );
            })}
          </span>
        }
      >
        <table className={s.table}>
          <thead>
            <tr>
              {several ? <th>Region</th> : null}
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
              .map(({ item: r, region }) => (
                <tr key={`${region.name}/${r.seq}`}>
                  {several ? <td>{region.name}</td> : null}
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

function summarise(data: Record<string, unknown>): string {
  const keep = ['decision', 'result', 'playbook', 'guardrail', 'reason', 'comment', 'state', 'mode'];
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
