/** A node's dimension history as a state timeline: one row per dimension that drifted or changed, coloured runs of its value. */
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { LoadingPlaceholder, Tooltip, useStyles2 } from '@grafana/ui';
import { loadDimensionHistory, type Segment } from '../../api/dimension-history';
import { useAsync } from '../../api/useAsync';
import { testIds } from '../../testIds';
import { ErrorBox } from '../common/ErrorBox';
import { formatTime } from '../common/format';

export function DimensionTimeline({ uid, node }: { uid: string; node: string }) {
  const s = useStyles2(getStyles);
  const state = useAsync(() => loadDimensionHistory(uid, node, Date.now() / 1000), [uid, node]);
  if (state.error) return <ErrorBox error={state.error} />;
  if (!state.value) return <LoadingPlaceholder text="Loading history…" />;
  const { startMs, endMs, rows } = state.value;
  const pct = (ms: number) => `${(100 * (ms - startMs)) / (endMs - startMs)}%`;
  return (
    <div data-testid={testIds.drift.timeline}>
      <h5>
        Dimension history <span className={s.muted}>(last hour: compliant, drifted, not reported)</span>
      </h5>
      {rows.length === 0 ? <div className={s.muted}>No dimension of this node drifted or changed in the window.</div> : null}
      {rows.map((r) => (
        <div key={r.key} className={s.row} data-testid={testIds.drift.timelineRow(r.key)}>
          <div className={s.name}>{r.key}</div>
          <div className={s.track}>
            {r.segments.map((seg, i) => (
              <Tooltip key={i} content={`${seg.label}: ${formatTime(seg.fromMs)} – ${formatTime(seg.toMs)}${seg.severity ? ` (${seg.severity})` : ''}`}>
                <div
                  className={`${s.segment} ${seg.state === 'drifted' ? s.drifted : seg.state === 'absent' ? s.absent : s.compliant}`}
                  style={{ left: pct(seg.fromMs), width: `calc(${pct(seg.toMs)} - ${pct(seg.fromMs)})` }}
                  data-state={seg.state}
                >
                  {segmentText(seg)}
                </div>
              </Tooltip>
            ))}
          </div>
        </div>
      ))}
      <div className={s.axis}>
        <span>{formatTime(startMs)}</span>
        <span>{formatTime(endMs)}</span>
      </div>
    </div>
  );
}

const segmentText = (seg: Segment) => (seg.state === 'absent' ? '' : seg.label);

const getStyles = (theme: GrafanaTheme2) => ({
  muted: css({ color: theme.colors.text.secondary, fontWeight: 'normal' }),
  row: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), marginBottom: 2 }),
  name: css({ width: 300, flexShrink: 0, fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize }),
  track: css({ position: 'relative', flexGrow: 1, height: 22, background: theme.colors.background.secondary }),
  segment: css({
    position: 'absolute',
    top: 0,
    bottom: 0,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    fontSize: theme.typography.bodySmall.fontSize,
    padding: theme.spacing(0, 0.5),
    color: theme.colors.text.maxContrast,
    borderRight: `1px solid ${theme.colors.background.primary}`,
  }),
  compliant: css({ background: theme.colors.success.transparent }),
  drifted: css({ background: theme.colors.error.transparent }),
  absent: css({ background: theme.colors.action.disabledBackground }),
  axis: css({
    display: 'flex',
    justifyContent: 'space-between',
    marginLeft: 308,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
