/**
 * Overview: compliance by region × workload × severity, unknown and stale nodes,
 * detection freshness, quarantined nodes, the disruption budget per region and the
 * drift with the most impact.
 */
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import { getBudget, listActions } from '../api/handler';
import { loadImpact } from '../api/impact';
import { loadOverview, type ComplianceCell } from '../api/overview';
import type { AppSettings } from '../api/settings';
import { useAsync } from '../api/useAsync';
import { ErrorBox } from '../components/common/ErrorBox';
import { formatDuration } from '../components/common/format';
import { Section } from '../components/common/Section';
import { BudgetGauges } from '../components/remediation/BudgetGauges';
import { testIds } from '../testIds';
import { ImpactTable } from './Impact';
import { tableStyles } from '../components/common/tableStyles';

export default function Overview({ settings }: { settings: AppSettings }) {
  const s = useStyles2(getStyles);
  const uid = settings.prometheusUid!;
  const fleet = useAsync(() => loadOverview(uid), [uid]);
  const impact = useAsync(() => loadImpact(uid, settings.lowerIsWorse), [uid]);
  const handler = useAsync(async () => {
    const [actions, budget] = await Promise.all([listActions(), getBudget()]);
    const quarantined = actions.filter((a) => a.playbook === 'quarantine' && a.state === 'succeeded').map((a) => a.node);
    return { quarantined: [...new Set(quarantined)].sort(), budget };
  }, []);
  const f = fleet.value;
  return (
    <div data-testid={testIds.overview.container}>
      {fleet.error ? <ErrorBox error={fleet.error} /> : null}
      <div className={s.stats}>
        <Stat
          testId={testIds.overview.unknown}
          label="Unknown nodes"
          value={f ? String(Object.values(f.unknownByReason).reduce((a, b) => a + b, 0)) : '…'}
          detail={
            f
              ? Object.entries(f.unknownByReason)
                  .map(([r, n]) => `${n} ${r}`)
                  .join(', ') || 'none'
              : ''
          }
        />
        <Stat
          testId={testIds.overview.freshness}
          label="Detection freshness"
          value={f ? formatDuration(f.freshness.median) : '…'}
          detail={f ? `median age of the last collection; worst ${formatDuration(f.freshness.worst)}` : ''}
        />
        <Stat
          testId={testIds.overview.quarantined}
          label="Quarantined nodes"
          value={handler.value ? String(handler.value.quarantined.length) : handler.error ? '?' : '…'}
          detail={handler.value ? handler.value.quarantined.join(', ') : handler.error ? 'handler unreachable' : ''}
        />
      </div>
      <Section title="Compliance by region × workload" testId={testIds.overview.compliance}>
        {f ? <ComplianceMatrix cells={f.cells} /> : <LoadingPlaceholder text="Loading…" />}
      </Section>
      <Section title="Disruption budget used" testId={testIds.overview.budget}>
        {handler.value ? (
          <BudgetGauges budget={handler.value.budget} />
        ) : handler.error ? (
          <ErrorBox error={handler.error} />
        ) : (
          <LoadingPlaceholder text="Loading…" />
        )}
      </Section>
      <Section title="Drift with the most impact" testId={testIds.overview.topImpact}>
        {impact.value ? (
          <ImpactTable ranked={impact.value.ranked.slice(0, 5)} />
        ) : impact.error ? (
          <ErrorBox error={impact.error} />
        ) : (
          <LoadingPlaceholder text="Ranking…" />
        )}
      </Section>
    </div>
  );
}

function Stat({ label, value, detail, testId }: { label: string; value: string; detail: string; testId: string }) {
  const s = useStyles2(getStyles);
  return (
    <div className={s.stat} data-testid={testId}>
      <div className={s.statLabel}>{label}</div>
      <div className={s.statValue}>{value}</div>
      <div className={s.statDetail}>{detail}</div>
    </div>
  );
}

function ComplianceMatrix({ cells }: { cells: readonly ComplianceCell[] }) {
  const s = useStyles2(getStyles);
  const regions = [...new Set(cells.map((c) => c.region))].sort();
  const workloads = [...new Set(cells.map((c) => c.workload))].sort();
  const at = (w: string, r: string) => cells.find((c) => c.workload === w && c.region === r);
  return (
    <table className={s.table}>
      <thead>
        <tr>
          <th>Workload</th>
          {regions.map((r) => (
            <th key={r}>{r}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {workloads.map((w) => (
          <tr key={w}>
            <td>{w}</td>
            {regions.map((r) => {
              const c = at(w, r);
              if (!c || c.nodes === 0) return <td key={r}>–</td>;
              const pct = Math.round((100 * (c.nodes - c.drifted)) / c.nodes);
              return (
                <td key={r}>
                  <strong className={pct === 100 ? s.good : pct >= 90 ? s.warn : s.bad}>{pct} %</strong>{' '}
                  <span className={s.muted}>
                    ({c.nodes - c.drifted}/{c.nodes})
                  </span>{' '}
                  {Object.entries(c.bySeverity)
                    .filter(([, n]) => n > 0)
                    .map(([sev, n]) => (
                      <Badge key={sev} text={`${n} ${sev}`} color={sev === 'correctness-risk' ? 'red' : sev === 'sla-risk' ? 'orange' : 'blue'} />
                    ))}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  ...tableStyles(theme),
  stats: css({ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: theme.spacing(2), marginBottom: theme.spacing(2) }),
  stat: css({ padding: theme.spacing(2), border: `1px solid ${theme.colors.border.weak}`, borderRadius: theme.shape.radius.default }),
  statLabel: css({ color: theme.colors.text.secondary }),
  statValue: css({ fontSize: theme.typography.h2.fontSize }),
  statDetail: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  good: css({ color: theme.colors.success.text }),
  warn: css({ color: theme.colors.warning.text }),
  bad: css({ color: theme.colors.error.text }),
});
