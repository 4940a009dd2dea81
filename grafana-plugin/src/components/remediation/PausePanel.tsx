/**
 * The kill switch on the page: a banner per active pause (scope, reason, who, until when)
 * with Resume for approvers, and a form to pause a scope. The handler enforces who may;
 * this only hides what the user may not do.
 */
import { useState, type ChangeEvent } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Field, Input, RadioButtonGroup, Stack, useStyles2 } from '@grafana/ui';
import { PAUSE_SCOPES, type PauseRequest, type PauseScope } from '@plumb/core/contract/handler-api';
import type { PauseView } from '../../api/handler';
import { testIds } from '../../testIds';
import { formatTime } from '../common/format';

export const pauseScopeText = (p: Pick<PauseView, 'scope' | 'region' | 'workload'>) =>
  p.scope === 'global' ? 'everywhere' : p.scope === 'region' ? `in region ${p.region}` : `for workload ${p.workload}`;

export function PauseBanners({ pauses, mayResume, onResume }: { pauses: readonly PauseView[]; mayResume: boolean; onResume: (id: string) => void }) {
  const active = pauses.filter((p) => p.active);
  if (active.length === 0) return null;
  return (
    <div data-testid={testIds.remediation.pauses}>
      {active.map((p) => (
        <Alert key={p.id} severity="warning" title={`Remediation paused ${pauseScopeText(p)}`} data-testid={testIds.remediation.pause(p.id)}>
          <Stack direction="row" justifyContent="space-between" alignItems="center">
            <span>
              {p.reason} — paused by <strong>{p.by}</strong> at {formatTime(p.startedMs)}, until {formatTime(p.expiresAtMs)}. Actions in this scope wait
              (deferred: paused).
            </span>
            {mayResume ? (
              <Button size="sm" variant="secondary" icon="play" onClick={() => onResume(p.id)} data-testid={testIds.remediation.resume(p.id)}>
                Resume
              </Button>
            ) : null}
          </Stack>
        </Alert>
      ))}
    </div>
  );
}

const SCOPE_OPTIONS = PAUSE_SCOPES.map((s) => ({ label: s, value: s }));

export function PauseForm({ onPause }: { onPause: (request: PauseRequest) => void }) {
  const s = useStyles2(getStyles);
  const [scope, setScope] = useState<PauseScope>('global');
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState('60');
  const request = (): PauseRequest => ({
    scope,
    ...(scope === 'region' ? { region: target.trim() } : scope === 'workload' ? { workload: target.trim() } : {}),
    reason: reason.trim(),
    expiresInMinutes: Number(minutes),
  });
  const ready = reason.trim().length >= 3 && Number(minutes) >= 1 && (scope === 'global' || target.trim() !== '');
  return (
    <div className={s.form} data-testid={testIds.remediation.pauseForm}>
      <Field label="Scope">
        <RadioButtonGroup options={SCOPE_OPTIONS} value={scope} onChange={(v) => setScope(v)} />
      </Field>
      {scope !== 'global' ? (
        <Field label={scope === 'region' ? 'Region' : 'Workload'}>
          <Input value={target} onChange={(e: ChangeEvent<HTMLInputElement>) => setTarget(e.target.value)} data-testid={testIds.remediation.pauseTarget} />
        </Field>
      ) : null}
      <Field label="Reason">
        <Input value={reason} onChange={(e: ChangeEvent<HTMLInputElement>) => setReason(e.target.value)} data-testid={testIds.remediation.pauseReason} />
      </Field>
      <Field label="Minutes until it ends by itself">
        <Input type="number" value={minutes} onChange={(e: ChangeEvent<HTMLInputElement>) => setMinutes(e.target.value)} />
      </Field>
      <Button variant="destructive" icon="pause" disabled={!ready} onClick={() => onPause(request())} data-testid={testIds.remediation.pauseSubmit}>
        Pause remediation
      </Button>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ display: 'flex', gap: theme.spacing(2), alignItems: 'flex-end', flexWrap: 'wrap' }),
});
