/** One gauge per region: disrupted tasks in the rolling window against the limit (1 % of running tasks). */
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { BudgetView } from '../../api/handler';

export function BudgetGauges({ budget }: { budget: readonly BudgetView[] }) {
  const s = useStyles2(getStyles);
  if (budget.length === 0) return <p>No region reports a budget yet.</p>;
  return (
    <div className={s.grid}>
      {budget.map((b) => {
        const share = b.limitTasks > 0 ? Math.min(1, b.usedTasks / b.limitTasks) : 0;
        const dry = b.limitTasks > 0 ? Math.min(1, b.dryRunUsedTasks / b.limitTasks) : 0;
        return (
          <div key={b.region} className={s.gauge} aria-label={`budget ${b.region}`}>
            <div className={s.label}>{b.region}</div>
            <div className={s.track}>
              <div className={s.fill} style={{ width: `${share * 100}%`, background: share >= 1 ? '#d44a3a' : share > 0.7 ? '#ff9830' : '#56a64b' }} />
            </div>
            <div className={s.numbers}>
              {b.usedTasks} / {b.limitTasks} tasks ({Math.round(share * 100)} %) of {b.runningTasks} running, window {Math.round(b.windowMs / 60000)} min
              {dry > 0 ? ` · dry-run would use ${b.dryRunUsedTasks}` : ''}
            </div>
          </div>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: theme.spacing(2) }),
  gauge: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) }),
  label: css({ fontWeight: theme.typography.fontWeightMedium }),
  track: css({ height: 14, background: theme.colors.background.secondary, borderRadius: 7, overflow: 'hidden' }),
  fill: css({ height: '100%' }),
  numbers: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
