/**
 * The real remediation handler (plumb-hooks `startHandler`) for the plugin's browser
 * tests, run without Kubernetes: alerts that need approval stop in
 * `awaiting-approval`, which is what the Remediation page acts on. The dev host's
 * users reach it through the plugin route: `dev-admin` is a named approver, `dev-editor`
 * an operator, anyone else a viewer.
 */
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';
import { config, configDoc, driftLabels, post, TOKEN_ENV, TOKENS, webhookBody } from '../../hooks/fixtures';

export { TOKENS };
/** The plugin route's token (secureJsonData `routeToken`), the handler's `auth.grafana.token`. */
export const ROUTE_TOKEN = 'grafana-route-token-0123456789';

export interface TestHandler {
  handler: RunningHandler;
  auditPath: string;
  /** Sends PlumbConfigDrift alerts for `nodes` that need an approved quarantine. */
  raiseDrift(nodes: { node: string; region: string; workload: string; dimension: string }[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestHandler(prometheusUrl: string): Promise<TestHandler> {
  const base = configDoc() as { auth: Record<string, unknown> };
  const cfg = config({
    prometheus: { url: prometheusUrl },
    auth: { ...base.auth, grafana: { token: { env: 'HOOKS_ROUTE_TOKEN' }, approvers: ['dev-admin'], operators: ['dev-editor'] } },
  });
  const started = await startHandler(cfg, { kube: null, env: { ...process.env, ...TOKEN_ENV, HOOKS_ROUTE_TOKEN: ROUTE_TOKEN }, log: () => undefined });
  if (!started.ok) throw new Error(`handler did not start: ${started.errors.join('; ')}`);
  const handler = started.handler;
  return {
    handler,
    auditPath: cfg.auditPath,
    async raiseDrift(nodes) {
      const alerts = nodes.map((n) => ({
        labels: driftLabels({ ...n, pool: 'spark-batch', severity: 'correctness-risk', playbook: 'quarantine', approval: 'required' }),
      }));
      const res = await post(`${handler.url}/hooks/alertmanager`, webhookBody(alerts));
      if (res.status !== 200) throw new Error(`webhook refused: ${res.status} ${JSON.stringify(res.body)}`);
    },
    stop: () => handler.stop(),
  };
}
