/**
 * Remediation: active pauses (the kill switch), approvals waiting for a person, the action
 * queue with the people behind each action and why one waits, disruption budget per region,
 * and the audit log with its chain check, for one region or all of them (the global view
 * reads every region's handler). Writes go to the handler of the item's region through the
 * plugin routes, which send that region's route token and forward the signed-in user;
 * buttons show only where both Grafana (the route's RBAC action) and that region's handler
 * (its role for this person) allow. A region whose handler does not answer is named, its
 * state unknown. A pause is one region's: the global view lists every region's pauses but
 * asks to choose a region before pausing.
 */
import { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import { decide, pause, resume, rollback, type ActionView, type WhoAmI } from '../api/handler';
import { canDo, userLogin } from '../api/permissions';
import { loadRemediation } from '../api/regional-remediation';
import { regionsOf, type Region } from '../api/regions';
import type { AppSettings } from '../api/settings';
import { useAsync } from '../api/useAsync';
import { ErrorBox } from '../components/common/ErrorBox';
import { formatTime, SEVERITY_COLOR } from '../components/common/format';
import { Section } from '../components/common/Section';
import { BudgetGauges } from '../components/remediation/BudgetGauges';
import { PauseBanners, PauseForm } from '../components/remediation/PausePanel';
import { ACTIONS } from '../constants';
import { testIds } from '../testIds';
import { tableStyles } from '../components/common/tableStyles';

export default function Remediation(props: { settings: AppSettings; regions?: Region[] }) {
  const s = useStyles2(getStyles);
  const regions = props.regions ?? regionsOf(props.settings);
  const several = regions.length > 1;
  const state = useAsync(() => loadRemediation(regions), [regions.map((r) => r.name).join(',')]);
  const [busy, setBusy] = useState<string | undefined>();
  const [failure, setFailure] = useState<Error | undefined>();
  // The role is each region's handler's word for this person (its auth.grafana lists).
  const roleIn = (region: Region) => state.value?.identities.find((i) => i.region.name === region.name)?.me?.role;
  const mayApprove = (region: Region) => canDo(ACTIONS.approve) && roleIn(region) === 'approver';
  const mayRollback = (region: Region) => canDo(ACTIONS.rollback) && (roleIn(region) === 'operator' || roleIn(region) === 'approver');
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
  const { actions, approvals, budget, audit, chains, unavailable, pauses, identities } = state.value;
  const comment = `via Grafana by ${userLogin()}`;
  const pauseSection = () => {
    const only = regions.length === 1 ? regions[0] : undefined;
    if (!only) {
      if (!regions.some(mayApprove)) return null;
      return (
        <Section title="Pause remediation">
          <p className={s.muted} data-testid={testIds.remediation.pauseNeedsRegion}>
            A pause belongs to one region&apos;s handler: choose a region with the selector to pause it.
          </p>
        </Section>
      );
    }
    if (!mayApprove(only)) return null;
    return (
      <Section title="Pause remediation">
        <PauseForm onPause={(request) => act('pause', () => pause(request, only.routes))} />
      </Section>
    );
  };
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
      {pauses.length > 0 ? (
        <div>
          {regions.map((region) => (
            <PauseBanners
              key={region.name}
              pauses={pauses.filter((p) => p.region.name === region.name).map((p) => p.item)}
              mayResume={mayApprove(region)}
              onResume={(id) => act(id, () => resume(id, comment, region.routes))}
            />
          ))}
        </div>
      ) : null}
      <p className={s.muted} data-testid={testIds.remediation.identity}>
        {identities.map(({ region, me }) => identityText(several ? region.name : undefined, me)).join(' ')}
      </p>
      <Section title={`Pending approvals (${approvals.length})`} testId={testIds.remediation.approvals}>
        {approvals.length === 0 ? <p>Nothing waits for approval.</p> : null}
        {approvals.map(({ item: a, region }) => (
          <div key={`${region.name}/${a.id}`} className={s.approval}>
            <ActionSummary a={a} />
            {mayApprove(region) ? (
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
      {pauseSection()}
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
              <th>People</th>
              <th>Why / detail</th>
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
                <td className={s.detail} data-testid={testIds.remediation.people(a.id)}>
                  {people(a)}
                </td>
                <td className={s.detail} data-testid={testIds.remediation.why(a.id)}>
                  <Why a={a} />
                </td>
                <td>
                  {mayRollback(region) && a.canRollback ? (
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

/** What a region's handler says about the signed-in user (`where` names the region in a view of several). */
function identityText(where: string | undefined, me: WhoAmI | undefined): string {
  const prefix = where ? `${where}: ` : '';
  return me
    ? `${prefix}The handler knows you as ${me.name} (${me.role}).`
    : `${prefix}The handler did not name you: approvals, rollbacks and pauses are not offered.`;
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
  ...tableStyles(theme),
  approval: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  detail: css({ maxWidth: 420, color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
