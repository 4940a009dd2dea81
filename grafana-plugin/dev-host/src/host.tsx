/**
 * The dev host page: supplies the Grafana runtime services the plugin uses — backendSrv,
 * config (user, role, permissions), locationService — shares React and Grafana's
 * packages with the plugin bundle, and renders the app root at /a/plumb-app/… .
 */
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import { createTheme, ThemeContext } from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import { config, locationService, setBackendSrv } from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as rxjs from 'rxjs';
import { loadAmdModule } from './amd';
import { createDevBackendSrv } from './backendSrv';

interface Boot {
  user: { login: string; orgRole: string; permissions: Record<string, boolean> };
  meta: grafanaData.AppPluginMeta<Record<string, unknown>>;
}

async function main() {
  const boot = (await (await fetch('/dev-host/boot.json')).json()) as Boot;
  setBackendSrv(createDevBackendSrv());
  const bootData = config.bootData as unknown as { user: Record<string, unknown> };
  bootData.user = { ...(bootData.user ?? {}), login: boot.user.login, orgRole: boot.user.orgRole, permissions: boot.user.permissions, isSignedIn: true };
  const theme = createTheme({ colors: { mode: 'dark' } });
  (config as unknown as { theme2: unknown }).theme2 = theme;
  const shared = {
    react: React,
    'react-dom': ReactDOM,
    '@grafana/data': grafanaData,
    '@grafana/ui': grafanaUi,
    '@grafana/runtime': grafanaRuntime,
    rxjs,
    '@emotion/css': emotionCss,
  };
  const mod = await loadAmdModule('/public/plugins/plumb-app/module.js', shared);
  const plugin = mod.plugin as grafanaData.AppPlugin;
  plugin.meta = boot.meta as grafanaData.AppPluginMeta;
  const Root = plugin.root as React.ComponentType<grafanaData.AppRootProps>;
  if (!locationService.getLocation().pathname.startsWith('/a/plumb-app')) locationService.replace('/a/plumb-app/overview');
  document.body.style.background = theme.colors.background.canvas;
  document.body.style.color = theme.colors.text.primary;
  document.body.style.fontFamily = theme.typography.fontFamily;
  createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={theme}>
      <div style={{ padding: 16 }}>
        <h2 style={{ marginTop: 0 }}>
          Plumb{' '}
          <small style={{ fontSize: 12, opacity: 0.6 }}>
            dev host · signed in as {boot.user.login} ({boot.user.orgRole})
          </small>
        </h2>
        <Root meta={boot.meta as grafanaData.AppPluginMeta} path="/a/plumb-app" basename="/a/plumb-app" onNavChanged={() => undefined} query={{}} />
      </div>
    </ThemeContext.Provider>,
  );
  document.body.dataset.plumbHost = 'ready';
}

main().catch((err: Error) => {
  document.body.dataset.plumbHost = 'failed';
  document.getElementById('root')!.textContent = `dev host failed: ${err.message}`;
});
