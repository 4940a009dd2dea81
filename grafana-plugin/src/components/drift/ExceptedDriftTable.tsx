/**
 * Excepted drift: what an unexpired exception suppresses, who approved it under which
 * ticket, and when it expires. Rows expiring within a week are marked, as the
 * `PlumbExceptionExpiring` alert fires then; an expired one is no longer excepted (its
 * drift is back in the drift table).
 */
import { Badge, useStyles2 } from '@grafana/ui';
import type { ExceptedDrift } from '../../api/drift';
import { testIds } from '../../testIds';
import { formatDuration, formatTime, SEVERITY_COLOR } from '../common/format';
import { tableStyles } from '../common/tableStyles';

const WEEK_SECONDS = 7 * 86400;

export function ExceptedDriftTable({ rows, nowSeconds }: { rows: readonly ExceptedDrift[]; nowSeconds: number }) {
  const s = useStyles2(tableStyles);
  if (rows.length === 0) return <p data-testid={testIds.drift.excepted}>No drift is excepted.</p>;
  return (
    <table className={s.table} data-testid={testIds.drift.excepted}>
      <thead>
        <tr>
          <th>Node</th>
          <th>Region</th>
          <th>Rule</th>
          <th>Severity</th>
          <th>Ticket</th>
          <th>Approved by</th>
          <th>Expires</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const left = r.expiresSeconds - nowSeconds;
          return (
            <tr key={`${r.node}/${r.workload}/${r.dimension}`} data-testid={testIds.drift.exceptedRow(r.node, r.dimension)}>
              <td>{r.node}</td>
              <td>{r.region}</td>
              <td className={s.mono}>
                {r.workload}/{r.dimension}
              </td>
              <td>
                <Badge text={r.severity} color={SEVERITY_COLOR[r.severity] ?? 'blue'} />
              </td>
              <td className={s.mono}>{r.ticket}</td>
              <td>{r.approver}</td>
              <td>
                {formatTime(r.expiresSeconds * 1000)} (in {formatDuration(left)}){' '}
                {left <= WEEK_SECONDS ? <Badge text="expires within a week" color="orange" icon="clock-nine" /> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
