/**
 * A drifted cohort's symptom over time beside its compliant peers, drawn by Grafana's
 * own TimeSeries (uPlot) from @grafana/ui, with the drift onset and each remediation
 * action as a vertical marker. The markers are listed under the chart too, so they can
 * be read (and tested) without the canvas.
 */
import { useMemo } from 'react';
import { css } from '@emotion/css';
import { applyFieldOverrides, createDataFrame, FieldType, getDefaultTimeRange, type GrafanaTheme2, type TimeRange, dateTime } from '@grafana/data';
import { LegendDisplayMode, TimeSeries, useStyles2, useTheme2 } from '@grafana/ui';
import type { CohortSeries, TimeMarker } from '../../api/cohort-series';
import { formatTime } from '../common/format';

const line = (color: string) => ({
  color: { mode: 'fixed', fixedColor: color },
  custom: { drawStyle: 'line', lineWidth: 2, fillOpacity: 0, showPoints: 'never', spanNulls: true, axisPlacement: 'auto', lineInterpolation: 'linear' },
});

export function CohortSymptomChart({ series, width, height = 200, testId }: { series: CohortSeries; width: number; height?: number; testId: string }) {
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  const frames = useMemo(() => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: series.timesMs },
        { name: 'drifted cohort (median)', type: FieldType.number, values: series.drifted, config: line(theme.colors.error.main) },
        { name: 'compliant peers (median)', type: FieldType.number, values: series.peers, config: line(theme.colors.success.main) },
      ],
    });
    return applyFieldOverrides({ data: [frame], fieldConfig: { defaults: {}, overrides: [] }, theme, replaceVariables: (v: string) => v, timeZone: 'utc' });
  }, [series, theme]);
  const timeRange: TimeRange = useMemo(() => {
    const from = series.timesMs[0];
    const to = series.timesMs[series.timesMs.length - 1];
    if (from === undefined || to === undefined) return getDefaultTimeRange();
    return { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
  }, [series]);
  return (
    <div data-testid={testId} className={s.chart} data-drifted-last={lastValue(series.drifted)} data-peers-last={lastValue(series.peers)}>
      <div className={s.title}>{series.symptom}</div>
      <TimeSeries
        frames={frames}
        width={width}
        height={height}
        timeRange={timeRange}
        timeZone="utc"
        legend={{ showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] }}
      >
        {(builder) => {
          builder.addHook('draw', (u) => drawMarkers(u, series.markers, theme));
          return null;
        }}
      </TimeSeries>
      <ul className={s.markers} data-testid={`${testId}-markers`}>
        {series.markers.map((m, i) => (
          <li key={i} data-marker-kind={m.kind}>
            <span className={m.kind === 'onset' ? s.onset : s.action}>▍</span>
            {formatTime(m.timeMs)} {m.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The latest point of a series (what the chart ends on), for readers without the canvas. */
const lastValue = (values: readonly (number | null)[]) => [...values].reverse().find((v) => v !== null) ?? undefined;

/** Vertical lines on the plot: red dashed for drift onset, blue for remediation actions. */
function drawMarkers(
  u: { ctx: CanvasRenderingContext2D; bbox: { top: number; height: number }; valToPos(v: number, scale: string, canvas?: boolean): number },
  markers: TimeMarker[],
  theme: GrafanaTheme2,
) {
  const { ctx } = u;
  ctx.save();
  for (const m of markers) {
    const x = u.valToPos(m.timeMs, 'x', true);
    if (!Number.isFinite(x)) continue;
    ctx.strokeStyle = m.kind === 'onset' ? theme.colors.error.text : theme.colors.primary.main;
    ctx.setLineDash(m.kind === 'onset' ? [6, 4] : []);
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
  }
  ctx.restore();
}

const getStyles = (theme: GrafanaTheme2) => ({
  chart: css({ marginBottom: theme.spacing(2) }),
  title: css({ fontFamily: theme.typography.fontFamilyMonospace, marginBottom: theme.spacing(0.5) }),
  markers: css({ listStyle: 'none', margin: theme.spacing(0.5, 0, 0, 0), padding: 0, fontSize: theme.typography.bodySmall.fontSize }),
  onset: css({ color: theme.colors.error.text, marginRight: theme.spacing(0.5) }),
  action: css({ color: theme.colors.primary.main, marginRight: theme.spacing(0.5) }),
});
