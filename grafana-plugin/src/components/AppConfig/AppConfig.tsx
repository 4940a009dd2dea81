/**
 * The app's configuration page: handler URL and Prometheus data source in jsonData,
 * the handler's route token in secureJsonData. Grafana never sends secureJsonData back
 * to the browser; the page only shows whether the token is set.
 */
import { useState, type ChangeEvent } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps, PluginMeta } from '@grafana/data';
import { getBackendSrv, locationService } from '@grafana/runtime';
import { Button, Field, FieldSet, Input, SecretInput, useStyles2 } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';
import { SECURE_FIELDS, type AppSettings, type SecureField } from '../../api/settings';
import { testIds } from '../../testIds';

type Props = PluginConfigPageProps<AppPluginMeta<AppSettings>>;

const LABELS: Record<SecureField, string> = {
  routeToken: "Handler route token (the handler's auth.grafana.token; it takes the person from X-Grafana-User)",
};

export function AppConfig({ plugin }: Props) {
  const s = useStyles2(getStyles);
  const { enabled, pinned, jsonData, secureJsonFields } = plugin.meta;
  const [settings, setSettings] = useState<AppSettings>({ handlerUrl: jsonData?.handlerUrl ?? '', prometheusUid: jsonData?.prometheusUid ?? '' });
  const [secrets, setSecrets] = useState<Partial<Record<SecureField, string>>>({});
  const [isSet, setIsSet] = useState<Partial<Record<SecureField, boolean>>>(() =>
    Object.fromEntries(SECURE_FIELDS.map((f) => [f, Boolean(secureJsonFields?.[f])])),
  );
  const onSubmit = async () => {
    await updatePlugin(plugin.meta.id, {
      enabled,
      pinned,
      jsonData: settings,
      secureJsonData: Object.fromEntries(Object.entries(secrets).filter(([, v]) => v)),
    });
    locationService.reload();
  };
  return (
    <form className={s.form} data-testid={testIds.appConfig.container} onSubmit={(e) => (e.preventDefault(), void onSubmit())}>
      <FieldSet label="Plumb">
        <Field label="Remediation handler URL" description="Reached by Grafana's plugin proxy, e.g. http://plumb-hooks.plumb:9095">
          <Input
            data-testid={testIds.appConfig.handlerUrl}
            value={settings.handlerUrl}
            onChange={(e: ChangeEvent<HTMLInputElement>) => setSettings({ ...settings, handlerUrl: e.target.value.trim() })}
          />
        </Field>
        <Field label="Prometheus data source UID" description="The Prometheus that evaluates the rules compiled from the spec">
          <Input
            data-testid={testIds.appConfig.prometheusUid}
            value={settings.prometheusUid}
            onChange={(e: ChangeEvent<HTMLInputElement>) => setSettings({ ...settings, prometheusUid: e.target.value.trim() })}
          />
        </Field>
        {SECURE_FIELDS.map((f) => (
          <Field key={f} label={LABELS[f]}>
            <SecretInput
              isConfigured={Boolean(isSet[f])}
              value={secrets[f] ?? ''}
              onReset={() => (setIsSet({ ...isSet, [f]: false }), setSecrets({ ...secrets, [f]: '' }))}
              onChange={(e: ChangeEvent<HTMLInputElement>) => setSecrets({ ...secrets, [f]: e.target.value })}
            />
          </Field>
        ))}
        <Button type="submit" data-testid={testIds.appConfig.submit} disabled={!settings.handlerUrl || !settings.prometheusUid}>
          Save settings
        </Button>
      </FieldSet>
    </form>
  );
}

async function updatePlugin(pluginId: string, data: Partial<PluginMeta>) {
  return lastValueFrom(getBackendSrv().fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data }));
}

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ maxWidth: 720, marginTop: theme.spacing(2) }),
});
