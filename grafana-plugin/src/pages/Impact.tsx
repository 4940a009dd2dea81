/**
 * Impact: each drifted cohort (workload, dimension, value) against compliant nodes of
 * the same workload and region, on every symptom; ranked by impact score. The
 * statistics are `@plumb/core/stats`, shared with the remediation handler.
 */
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, LoadingPlaceholder, Tooltip, useStyles2 } from '@grafana/ui';
import type { CohortImpact } from '@plumb/core/impact/types';
import { loadCohortSeries } from '../api/cohort-series';
import { loadImpact } from '../api/impact';
import type { AppSettings } from '../api/settings';
import { useAsync } from '../api/useAsync';
import { ErrorBox } from '../components/common/ErrorBox';
import { formatP, formatRatio, SEVERITY_COLOR } from '../components/common/format';
import { Section } from '../components/common/Section';
import { CohortSymptomChart } from '../components/impact/CohortSymptomChart';
import { testIds } from '../testIds';
import { tableCss } from '../components/common/tableStyles';

export function cohortLabel(c: CohortImpact['cohort']): string {
  return `${c.workload} · ${c.dimension} = ${c.value ?? `#${c.hash.slice(0, 8)}`}`;
}

export function ImpactTable({ ranked }: { ranked: readonly CohortImpact[] }) {
  const s = useStyles2(getStyles);
  return (
    <table className={s.table}>
      <thead>
        <tr>
          <th>#</th>
          <th>Cohort</th>
          <th>Severity</th>
          <th>Nodes</th>
          <th>Symptom</th>
          <th>
            <Tooltip content="Cliff's delta in the direction the symptom gets worse: 1 = every drifted node is worse than every compliant node of its region.">
              <span>Effect (δ)</span>
            </Tooltip>
          </th>
          <th>Median ×</th>
          <th>p</th>
          <th>q (BH)</th>
          <th>Impact</th>
        </tr>
      </thead>
      <tbody>
        {ranked.map((r) => (
          <tr key={r.cohort.key} data-testid={testIds.impact.row(r.rank)}>
            <td>{r.rank}</td>
            <td className={s.cohort}>{cohortLabel(r.cohort)}</td>
            <td>
              <Badge text={r.cohort.severity} color={SEVERITY_COLOR[r.cohort.severity] ?? 'blue'} />
            </td>
            <td>
              {r.cohort.nodes.length} / {r.nodesInScope}
            </td>
            <td>
              {r.top ? r.top.symptom : <span className={s.muted}>{r.comparisons.find((c) => !c.ok)?.symptom ? 'no comparable data' : 'no symptom'}</span>}
            </td>
            <td>{r.top ? `${r.top.worseDelta.toFixed(2)} (${r.top.magnitude})` : '–'}</td>
            <td>{r.top ? formatRatio(r.top.medianRatio) : '–'}</td>
            <td>{r.top ? formatP(r.top.pValue) : '–'}</td>
            <td>{r.top ? formatP(r.top.qValue) : '–'}</td>
            <td>
              <div className={s.scoreCell}>
                <div className={s.scoreBar} style={{ width: r.score * 0.8 }} />
                <span>{r.score.toFixed(1)}</span>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The symptom of each of the top cohorts over time, beside compliant peers, with drift onset and remediation marked. */
export function TopCohortCharts({ uid, ranked, count = 3 }: { uid: string; ranked: readonly CohortImpact[]; count?: number }) {
  const top = ranked.filter((r) => r.top).slice(0, count);
  const state = useAsync(
    () => Promise.all(top.map((r) => loadCohortSeries(uid, r.cohort, r.top!.symptom, Date.now() / 1000))),
    [uid, top.map((r) => r.cohort.key).join('|')],
  );
  if (top.length === 0) return null;
  return (
    <Section title="Symptom over time: drifted cohort against compliant peers">
      {state.error ? <ErrorBox error={state.error} /> : null}
      {!state.value ? <LoadingPlaceholder text="Loading symptom history…" /> : null}
      {state.value?.map((series, i) => (
        <div key={top[i]!.cohort.key}>
          <div>
            {top[i]!.rank}. {cohortLabel(top[i]!.cohort)}
          </div>
          <CohortSymptomChart series={series} width={880} testId={testIds.impact.chart(top[i]!.rank)} />
        </div>
      ))}
    </Section>
  );
}

export default function Impact({ settings }: { settings: AppSettings }) {
  const state = useAsync(() => loadImpact(settings.prometheusUid!, settings.lowerIsWorse), [settings.prometheusUid]);
  return (
    <div data-testid={testIds.impact.container}>
      <Section
        title="Drift ranked by impact on data symptoms"
        aside={state.value ? <span>Symptoms: {state.value.symptoms.join(', ') || 'none recorded'}</span> : null}
      >
        {state.error ? <ErrorBox error={state.error} /> : null}
        {state.loading && !state.value ? <LoadingPlaceholder text="Comparing cohorts…" /> : null}
        {state.value ? <ImpactTable ranked={state.value.ranked} /> : null}
        {state.value ? <TopCohortCharts uid={settings.prometheusUid!} ranked={state.value.ranked} /> : null}
        <p>
          Each cohort is compared with compliant nodes of the same workload in the same region (one-sided rank-sum test, stratified by region, exact for small
          cohorts); p-values are adjusted across all comparisons with Benjamini–Hochberg. Impact = effect × confidence × reach × severity, 0–100.
        </p>
      </Section>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css(tableCss(theme), { 'th, td': { whiteSpace: 'nowrap' } }),
  cohort: css({ fontFamily: theme.typography.fontFamilyMonospace, whiteSpace: 'normal' }),
  muted: css({ color: theme.colors.text.secondary }),
  scoreCell: css({ position: 'relative', minWidth: 120, display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
  scoreBar: css({ height: 8, background: theme.colors.error.main, borderRadius: 4, maxWidth: 80 }),
});
