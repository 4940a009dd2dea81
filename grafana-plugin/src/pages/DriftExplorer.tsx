/**
 * Drift explorer: for each dimension, how value hashes spread over nodes (compliant vs
 * drifted), filterable by region, workload and severity; drifted nodes with onset,
 * duration and a flapping marker; excepted drift with its expiry; a node drill-down with its diff.
 */
import { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { Badge, Button, LoadingPlaceholder, Select, Stack, useStyles2 } from '@grafana/ui';
import { loadDrift, type DriftFilters, type HashBucket } from '../api/drift';
import type { AppSettings } from '../api/settings';
import { useAsync } from '../api/useAsync';
import { ErrorBox } from '../components/common/ErrorBox';
import { formatDuration } from '../components/common/format';
import { Section } from '../components/common/Section';
import { loadImpact } from '../api/impact';
import { DimensionTimeline } from '../components/drift/DimensionTimeline';
import { TopCohortCharts } from './Impact';
import { ExceptedDriftTable } from '../components/drift/ExceptedDriftTable';
import { NodeDiff } from '../components/drift/NodeDiff';
import { testIds } from '../testIds';
import { SEVERITIES } from '@plumb/core/contract';
import { tableStyles } from '../components/common/tableStyles';

const ANY = '';
const opts = (xs: readonly string[], anyLabel: string): SelectableValue<string>[] => [
  { label: anyLabel, value: ANY },
  ...xs.map((x) => ({ label: x, value: x })),
];

export default function DriftExplorer({ settings }: { settings: AppSettings }) {
  const s = useStyles2(getStyles);
  const uid = settings.prometheusUid!;
  const [filters, setFilters] = useState<DriftFilters>({});
  const [node, setNode] = useState<string | undefined>();
  const state = useAsync(() => loadDrift(uid, filters), [uid, filters.region, filters.workload, filters.severity]);
  const v = state.value;
  const groups = new Map<string, HashBucket[]>();
  for (const b of v?.buckets ?? []) groups.set(`${b.workload}/${b.dimension}`, [...(groups.get(`${b.workload}/${b.dimension}`) ?? []), b]);
  const set = (k: keyof DriftFilters) => (o: SelectableValue<string>) => setFilters({ ...filters, [k]: o.value || undefined });
  const now = Date.now() / 1000;
  return (
    <div data-testid={testIds.drift.container}>
      <div className={s.filters} data-testid={testIds.drift.filters}>
        <Stack direction="row" gap={2}>
          <Select aria-label="Region" width={24} options={opts(v?.regions ?? [], 'All regions')} value={filters.region ?? ANY} onChange={set('region')} />
          <Select
            aria-label="Workload"
            width={24}
            options={opts(v?.workloads ?? [], 'All workloads')}
            value={filters.workload ?? ANY}
            onChange={set('workload')}
          />
          <Select
            aria-label="Severity"
            width={24}
            options={opts([...SEVERITIES].reverse(), 'All severities')}
            value={filters.severity ?? ANY}
            onChange={set('severity')}
          />
        </Stack>
      </div>
      {state.error ? <ErrorBox error={state.error} /> : null}
      {!v ? <LoadingPlaceholder text="Loading drift…" /> : null}
      {node ? (
        <Section
          title="Node drill-down"
          aside={
            <Button size="sm" variant="secondary" icon="times" onClick={() => setNode(undefined)}>
              Close
            </Button>
          }
        >
          <NodeDiff uid={uid} node={node} />
          <DimensionTimeline uid={uid} node={node} />
          <NodeCohortCharts uid={uid} node={node} lowerIsWorse={settings.lowerIsWorse} />
        </Section>
      ) : null}
      {v ? (
        <Section title={`Drifted nodes (${new Set(v.drifted.map((d) => d.node)).size})`}>
          <table className={s.table}>
            <thead>
              <tr>
                <th>Node</th>
                <th>Region</th>
                <th>Rule</th>
                <th>Value</th>
                <th>Severity</th>
                <th>For</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {v.drifted.map((d) => (
                <tr key={`${d.node}/${d.workload}/${d.dimension}`}>
                  <td>
                    <a className={s.link} onClick={() => setNode(d.node)} data-testid={testIds.drift.nodeLink(d.node)}>
                      {d.node}
                    </a>
                  </td>
                  <td>{d.region}</td>
                  <td className={s.mono}>
                    {d.workload}/{d.dimension}
                  </td>
                  <td className={s.mono}>{d.value ?? 'hash differs'}</td>
                  <td>
                    <Badge text={d.severity} color={d.severity === 'correctness-risk' ? 'red' : d.severity === 'sla-risk' ? 'orange' : 'blue'} />
                  </td>
                  <td>{d.onsetSeconds ? formatDuration(now - d.onsetSeconds) : '–'}</td>
                  <td>{d.flapping ? <Badge text="flapping" color="orange" icon="sync" /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      ) : null}
      {v ? (
        <Section title={`Excepted drift (${v.excepted.length}): suppressed until the exception expires`}>
          <ExceptedDriftTable rows={v.excepted} nowSeconds={now} />
        </Section>
      ) : null}
      {v ? (
        <Section title="Value hashes per dimension (actual against desired)">
          <div className={s.grid}>
            {[...groups].map(([dim, buckets]) => (
              <div key={dim} className={s.dim} data-testid={testIds.drift.dimension(dim)}>
                <div className={s.mono}>{dim}</div>
                {buckets.map((b) => (
                  <div key={b.hash} className={s.bucket}>
                    <div className={b.drifted ? s.barBad : s.barGood} style={{ width: `${(100 * b.nodes) / Math.max(...buckets.map((x) => x.nodes))}%` }} />
                    <span className={s.mono}>{b.value ?? `#${b.hash.slice(0, 8)}`}</span> <span>{b.nodes} nodes</span>{' '}
                    {b.drifted ? <Badge text={b.severity ?? 'drifted'} color="red" /> : <Badge text="compliant" color="green" />}
                  </div>
                ))}
              </div>
            ))}
          </div>
        </Section>
      ) : null}
    </div>
  );
}

/** The symptoms of the drifted cohorts the node belongs to, over time, beside compliant peers. */
function NodeCohortCharts({ uid, node, lowerIsWorse }: { uid: string; node: string; lowerIsWorse?: readonly string[] }) {
  const state = useAsync(() => loadImpact(uid, lowerIsWorse), [uid]);
  if (state.error) return <ErrorBox error={state.error} />;
  if (!state.value) return <LoadingPlaceholder text="Loading cohorts…" />;
  return <TopCohortCharts uid={uid} ranked={state.value.ranked.filter((r) => r.cohort.nodes.includes(node))} count={5} />;
}

const getStyles = (theme: GrafanaTheme2) => ({
  ...tableStyles(theme),
  filters: css({ marginBottom: theme.spacing(2) }),
  link: css({ color: theme.colors.text.link, cursor: 'pointer' }),
  grid: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(360px, 1fr))', gap: theme.spacing(2) }),
  dim: css({ padding: theme.spacing(1), border: `1px solid ${theme.colors.border.weak}`, borderRadius: theme.shape.radius.default }),
  bucket: css({ position: 'relative', padding: theme.spacing(0.25, 0) }),
  barGood: css({ height: 4, background: theme.colors.success.main }),
  barBad: css({ height: 4, background: theme.colors.error.main }),
});
