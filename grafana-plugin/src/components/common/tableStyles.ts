/** The look every table of the app shares: full width, collapsed borders, a weak line under each row. */
import { css } from '@emotion/css';
import type { CSSObject } from '@emotion/css/create-instance';
import type { GrafanaTheme2 } from '@grafana/data';

export const tableCss = (theme: GrafanaTheme2): CSSObject => ({
  width: '100%',
  borderCollapse: 'collapse',
  'th, td': { padding: theme.spacing(0.5, 1), borderBottom: `1px solid ${theme.colors.border.weak}`, textAlign: 'left' },
});

/** `table`, `mono` (hashes, node names) and `muted` classes, to spread into a component's own styles. */
export const tableStyles = (theme: GrafanaTheme2) => ({
  table: css(tableCss(theme)),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  muted: css({ color: theme.colors.text.secondary }),
});
