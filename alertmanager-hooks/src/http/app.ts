/**
 * `createApp(deps)`: the express app of plumb-hooks. Clock, clients and stores
 * come in as arguments, so tests run it in-process.
 */
import express, { type Express } from 'express';
import { apiRouter, type ApiDeps } from './api-route';
import { datadogWebhookRouter, type DatadogWebhookDeps } from './datadog-route';
import { errorHandler, HttpError } from './errors';
import { webhookRouter, type WebhookDeps } from './webhook-route';

export interface AppDeps {
  webhook: WebhookDeps;
  api: ApiDeps;
  /** Mounts POST /hooks/datadog when set. */
  datadog?: DatadogWebhookDeps | undefined;
  log: (msg: string) => void;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(webhookRouter(deps.webhook));
  if (deps.datadog) app.use(datadogWebhookRouter(deps.datadog));
  app.use(apiRouter(deps.api));
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', deps.webhook.metrics.registry.contentType);
    res.send(await deps.webhook.metrics.registry.metrics());
  });
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  // Only the leader is ready, so a Service sends webhooks to the replica that acts.
  app.get('/readyz', (_req, res) => void res.status(deps.webhook.isLeader() ? 200 : 503).json({ leader: deps.webhook.isLeader() }));
  app.use((req, _res, next) => next(new HttpError(404, `no route ${req.method} ${req.path}`)));
  app.use(errorHandler(deps.log));
  return app;
}
