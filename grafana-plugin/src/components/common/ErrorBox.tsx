/** A request that failed, named, with what to check. Never shows a token. */
import { Alert } from '@grafana/ui';
import { testIds } from '../../testIds';

export function ErrorBox({ error, hint }: { error: Error; hint?: string }) {
  return (
    <Alert severity="error" title="Could not load data" data-testid={testIds.error}>
      {error.message}
      {hint ? <div>{hint}</div> : null}
    </Alert>
  );
}
