/** A titled block of a page. */
import { type ReactNode } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

export function Section({ title, children, testId, aside }: { title: string; children: ReactNode; testId?: string; aside?: ReactNode }) {
  const s = useStyles2(getStyles);
  return (
    <section className={s.section} data-testid={testId}>
      <div className={s.header}>
        <h3 className={s.title}>{title}</h3>
        {aside}
      </div>
      {children}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({
    marginBottom: theme.spacing(3),
    padding: theme.spacing(2),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
  }),
  header: css({ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: theme.spacing(1) }),
  title: css({ margin: 0, fontSize: theme.typography.h4.fontSize }),
});
