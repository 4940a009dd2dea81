/**
 * The app root: a tab bar, the region selector (when there are several regions) and the page
 * for the current URL. Routing follows Grafana's `locationService`, so the same code runs
 * inside Grafana and in the dev host. Pages get the settings scoped to the selection: a
 * region's own Prometheus and handler, or for "All regions" the global Prometheus and every
 * region's handler.
 */
import { Suspense, lazy, useEffect, useState } from 'react';
import { css } from '@emotion/css';
import type { AppRootProps, GrafanaTheme2 } from '@grafana/data';
import { locationService, PluginPage } from '@grafana/runtime';
import { Alert, LoadingPlaceholder, Tab, TabsBar, useStyles2 } from '@grafana/ui';
import { prometheusFor, REGION_PARAM, regionsIn, regionsOf, selectRegion } from '../../api/regions';
import type { AppSettings } from '../../api/settings';
import { RegionSelector } from './RegionSelector';
import { PLUGIN_BASE_URL, prefixRoute, ROUTES } from '../../constants';
import { testIds } from '../../testIds';

const Overview = lazy(() => import('../../pages/Overview'));
const DriftExplorer = lazy(() => import('../../pages/DriftExplorer'));
const Impact = lazy(() => import('../../pages/Impact'));
const Remediation = lazy(() => import('../../pages/Remediation'));

const TABS: { route: ROUTES; label: string; icon: 'apps' | 'search' | 'chart-line' | 'wrench' }[] = [
  { route: ROUTES.Overview, label: 'Overview', icon: 'apps' },
  { route: ROUTES.Drift, label: 'Drift explorer', icon: 'search' },
  { route: ROUTES.Impact, label: 'Impact', icon: 'chart-line' },
  { route: ROUTES.Remediation, label: 'Remediation', icon: 'wrench' },
];

/** The route named by a path under the app's base URL; Overview by default. */
export function routeOf(pathname: string): ROUTES {
  const rest = pathname.startsWith(PLUGIN_BASE_URL) ? pathname.slice(PLUGIN_BASE_URL.length + 1) : '';
  const first = rest.split('/')[0] ?? '';
  return (Object.values(ROUTES) as string[]).includes(first) ? (first as ROUTES) : ROUTES.Overview;
}

function useLocation(): { pathname: string; search: string } {
  const read = () => {
    const l = locationService.getLocation();
    return { pathname: l.pathname, search: l.search };
  };
  const [loc, setLoc] = useState(read);
  useEffect(() => locationService.getHistory().listen(() => setLoc(read())), []);
  return loc;
}

export function App(props: AppRootProps<AppSettings>) {
  const s = useStyles2(getStyles);
  const location = useLocation();
  const route = routeOf(location.pathname);
  const all = props.meta.jsonData ?? {};
  const regions = regionsOf(all);
  const selection = selectRegion(regions, new URLSearchParams(location.search).get(REGION_PARAM));
  const settings: AppSettings = { ...all, prometheusUid: prometheusFor(selection, all) };
  const page = () => {
    if (selection.kind === 'unknown')
      return (
        <Alert title={`Unknown region ${selection.name}`} severity="error">
          No region of that name is configured; choose one above or all regions.
        </Alert>
      );
    if (!settings.prometheusUid)
      return (
        <Alert title="Plumb is not configured" severity="warning">
          Set the Prometheus data source (for several regions, the global Prometheus too) and the handler URL on the app's configuration page.
        </Alert>
      );
    switch (route) {
      case ROUTES.Drift:
        return <DriftExplorer settings={settings} />;
      case ROUTES.Impact:
        return <Impact settings={settings} />;
      case ROUTES.Remediation:
        return <Remediation settings={settings} regions={regionsIn(selection, regions)} />;
      default:
        return <Overview settings={settings} />;
    }
  };
  return (
    <PluginPage>
      <div className={s.app}>
        <TabsBar>
          {TABS.map((t) => (
            <Tab
              key={t.route}
              label={t.label}
              icon={t.icon}
              active={route === t.route}
              onChangeTab={() => locationService.push(prefixRoute(t.route))}
              data-testid={testIds.nav.link(t.route)}
            />
          ))}
        </TabsBar>
        {regions.length > 1 ? <RegionSelector regions={regions} selection={selection} /> : null}
        <div className={s.body}>
          <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>{page()}</Suspense>
        </div>
      </div>
    </PluginPage>
  );
}

export default App;

const getStyles = (theme: GrafanaTheme2) => ({
  app: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  body: css({ paddingTop: theme.spacing(1) }),
});
