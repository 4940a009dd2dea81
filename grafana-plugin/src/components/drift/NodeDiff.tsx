/** One node's configuration against the values compliant nodes of its workload and region run. */
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import { describeChangeCause, loadNodeDiff } from '../../api/drift';
import { useAsync } from '../../api/useAsync';
import { testIds } from '../../testIds';
import { ErrorBox } from '../common/ErrorBox';
import { formatDuration, formatTime } from '../common/format';
import { tableStyles } from '../common/tableStyles';

export function NodeDiff({ uid, node }: { uid: string; node: string }) {
  const s = useStyles2(getStyles);
  const state = useAsync(() => loadNodeDiff(uid, node), [uid, node]);
  if (state.error) return <ErrorBox error={state.error} />;
  if (!state.value) return <LoadingPlaceholder text={`Loading ${node}…`} />;
  const now = Date.now() / 1000;
  return (
    <div data-testid={testIds.drift.nodeDiff}>
      <h4>
        {node} <span className={s.muted}>({state.value.region}) against compliant nodes of the same workload and region</span>
      </h4>
      <table className={s.table}>
        <thead>
          <tr>
            <th>Workload</th>
            <th>Dimension</th>
            <th>Actual</th>
            <th>Desired</th>
            <th>Status</th>
            <th>Drift since</th>
            <th>Duration</th>
            <th>Last change</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {state.value.rows.map((r) => (
            <tr key={`${r.workload}/${r.dimension}`} className={r.status === 'same' ? undefined : s.changed}>
              <td>{r.workload}</td>
              <td className={s.mono}>{r.dimension}</td>
              <td className={s.mono}>{r.status !== 'same' && r.secret ? 'hash differs' : r.actual}</td>
              <td className={s.mono}>{r.secret ? '(secret)' : r.expected}</td>
              <td>
                {r.status === 'drifted' ? (
                  <Badge text={r.severity ?? 'drifted'} color={r.severity === 'correctness-risk' ? 'red' : r.severity === 'sla-risk' ? 'orange' : 'blue'} />
                ) : r.status === 'differs' ? (
                  <Badge text="differs (allowed)" color="purple" />
                ) : (
                  '✓'
                )}
              </td>
              <td>{r.onsetSeconds ? formatTime(r.onsetSeconds * 1000) : ''}</td>
              <td>{r.onsetSeconds ? formatDuration(now - r.onsetSeconds) : ''}</td>
              <td data-testid={testIds.drift.cause(`${r.workload}/${r.dimension}`)}>{r.cause ? describeChangeCause(r.cause, formatTime) : ''}</td>
              <td>{r.flapping ? <Badge text="flapping" color="orange" icon="sync" data-testid={testIds.drift.flapping} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  ...tableStyles(theme),
  changed: css({ background: theme.colors.action.hover }),
  muted: css({ color: theme.colors.text.secondary, fontWeight: 'normal' }),
});
