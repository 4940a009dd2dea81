/**
 * POST /hooks/alertmanager: validate, write to the ledger, ack. The worker does
 * the rest, so the ack is quick. 4xx for input that will never succeed, 5xx
 * only when a retry is wanted (not the leader, ledger or Alertmanager down).
 */
import express, { type Router } from 'express';
import type { IngestQueue } from '../ledger/ingest-queue';
import type { Ledger } from '../ledger/ledger';
import type { HandlerMetrics } from '../metrics/metrics';
import { parseWebhook } from '../webhook/schema';
import { fetchFullGroup } from '../webhook/truncated';
import { requireWebhookAuth, type WebhookCredentials } from './auth';
import { HttpError } from './errors';

export interface WebhookDeps {
  ledger: Ledger;
  /** Group commit in front of the ledger; default: one commit per delivery. */
  ingestQueue?: IngestQueue;
  metrics: HandlerMetrics;
  credentials: WebhookCredentials;
  bodyLimit: string;
  alertmanagerUrl: string | undefined;
  isLeader: () => boolean;
  /** Why this replica does not act (not the leader, lease uncertain, shared state not loaded), for 503s and `/readyz`. */
  readiness?: () => { ready: true } | { ready: false; reason: string };
  now: () => number;
  /** Called after alerts are committed, to start a worker round early. */
  onIngested: () => void;
  fetchImpl?: typeof fetch;
}

export function webhookRouter(deps: WebhookDeps): Router {
  const router = express.Router();
  router.post(
    '/hooks/alertmanager',
    requireWebhookAuth(deps.credentials, () => deps.metrics.webhookRequests.inc({ outcome: 'unauthorized' })),
    express.json({ limit: deps.bodyLimit, type: () => true }),
    async (req, res) => {
      const timer = deps.metrics.ackSeconds.startTimer();
      if (!deps.isLeader()) {
        deps.metrics.webhookRequests.inc({ outcome: 'not-leader' });
        res.setHeader('retry-after', '5');
        const r = deps.readiness?.();
        throw new HttpError(503, `this replica does not act now${r && !r.ready ? ` (${r.reason})` : ' (not the leader)'}; retry`);
      }
      const parsed = parseWebhook(req.body);
      if (!parsed.ok) {
        deps.metrics.webhookRequests.inc({ outcome: 'invalid' });
        throw new HttpError(422, parsed.message);
      }
      const { payload } = parsed;
      let alerts = payload.alerts;
      let truncatedError: string | undefined;
      if (payload.truncatedAlerts > 0) {
        const full = await fetchFullGroup(deps.alertmanagerUrl, payload, deps.fetchImpl);
        if (full.ok) {
          const seen = new Set(alerts.map((a) => `${a.fingerprint}|${a.startsAt}`));
          alerts = [...alerts, ...full.alerts.filter((a) => !seen.has(`${a.fingerprint}|${a.startsAt}`))];
        } else truncatedError = full.error;
      }
      let outcomes;
      try {
        outcomes = deps.ingestQueue ? await deps.ingestQueue.ingest(alerts) : deps.ledger.ingest(alerts, deps.now());
      } catch (err) {
        deps.metrics.webhookRequests.inc({ outcome: 'error' });
        throw new HttpError(503, 'ledger unavailable; retry', { cause: err });
      }
      for (const o of outcomes) deps.metrics.webhookAlerts.inc({ outcome: o });
      deps.onIngested();
      if (truncatedError !== undefined) {
        // What we have is stored; ask for a retry so the missing alerts arrive later.
        deps.metrics.webhookRequests.inc({ outcome: 'partial' });
        throw new HttpError(503, `stored ${alerts.length} alerts but ${payload.truncatedAlerts} were truncated: ${truncatedError}`);
      }
      deps.metrics.webhookRequests.inc({ outcome: 'accepted' });
      timer();
      res.status(200).json({
        accepted: alerts.length,
        new: outcomes.filter((o) => o === 'new').length,
        duplicate: outcomes.filter((o) => o === 'duplicate').length,
        resolved: outcomes.filter((o) => o === 'resolved').length,
      });
    },
  );
  return router;
}
