/**
 * POST /hooks/datadog: Datadog monitor notifications, with their own secret. Each one
 * is mapped to the alert model and goes through the same ledger as Alertmanager's
 * alerts (same dedupe, same worker, same guardrails, same audit).
 */
import express, { type Router } from 'express';
import { parseDatadogPayload } from '../webhook/datadog-schema';
import { mapDatadogNotification, ruleIndex } from '../webhook/datadog-map';
import { requireWebhookAuth } from './auth';
import { HttpError } from './errors';
import type { WebhookDeps } from './webhook-route';

export interface DatadogWebhookDeps extends Pick<WebhookDeps, 'ledger' | 'ingestQueue' | 'metrics' | 'bodyLimit' | 'isLeader' | 'now' | 'onIngested'> {
  /** The secret Datadog sends as `Authorization: Bearer …` (a custom header of its webhook). */
  bearer: string;
  /** Rule ids of the spec, to restore names Datadog lower-cased. */
  ruleIds: readonly string[];
}

export function datadogWebhookRouter(deps: DatadogWebhookDeps): Router {
  const router = express.Router();
  const rules = ruleIndex(deps.ruleIds);
  router.post(
    '/hooks/datadog',
    requireWebhookAuth({ bearer: deps.bearer }, () => deps.metrics.webhookRequests.inc({ outcome: 'unauthorized' })),
    express.json({ limit: deps.bodyLimit, type: () => true }),
    async (req, res) => {
      if (!deps.isLeader()) {
        deps.metrics.webhookRequests.inc({ outcome: 'not-leader' });
        res.setHeader('retry-after', '5');
        throw new HttpError(503, 'this replica is not the leader; retry');
      }
      const parsed = parseDatadogPayload(req.body);
      const mapped = parsed.ok ? mapDatadogNotification(parsed.payload, rules) : parsed;
      if (!mapped.ok) {
        deps.metrics.webhookRequests.inc({ outcome: 'invalid' });
        throw new HttpError(422, mapped.message);
      }
      if ('ignored' in mapped) {
        deps.metrics.webhookRequests.inc({ outcome: 'accepted' });
        return void res.status(200).json({ accepted: 0, ignored: mapped.ignored });
      }
      let outcome;
      try {
        [outcome] = deps.ingestQueue ? await deps.ingestQueue.ingest([mapped.alert]) : deps.ledger.ingest([mapped.alert], deps.now());
      } catch (err) {
        deps.metrics.webhookRequests.inc({ outcome: 'error' });
        // 5xx: Datadog retries on it.
        throw new HttpError(503, 'ledger unavailable; retry', { cause: err });
      }
      if (outcome !== undefined) deps.metrics.webhookAlerts.inc({ outcome });
      deps.onIngested();
      deps.metrics.webhookRequests.inc({ outcome: 'accepted' });
      res.status(200).json({ accepted: 1, outcome, fingerprint: mapped.alert.fingerprint });
    },
  );
  return router;
}
