/** The handler's own Prometheus metrics, on a dedicated registry. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HandlerMetrics {
  registry: Registry;
  webhookRequests: Counter<'outcome'>;
  webhookAlerts: Counter<'outcome'>;
  ackSeconds: Histogram;
  decisions: Counter<'result' | 'mode'>;
  actions: Counter<'playbook' | 'result'>;
  refusals: Counter<'guardrail'>;
  budgetUsed: Gauge<'region' | 'class'>;
  budgetLimit: Gauge<'region'>;
  escalations: Counter<'reason'>;
  kubeRetries: Counter;
  leader: Gauge;
}

export function createMetrics(withDefaults = false): HandlerMetrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'plumb_hooks_' });
  const r = { registers: [registry] };
  return {
    registry,
    webhookRequests: new Counter({
      name: 'plumb_hooks_webhook_requests_total',
      help: 'Webhook requests by outcome (accepted, invalid, unauthorized, error).',
      labelNames: ['outcome'],
      ...r,
    }),
    webhookAlerts: new Counter({
      name: 'plumb_hooks_webhook_alerts_total',
      help: 'Alerts received, by ledger outcome (new, duplicate, resolved).',
      labelNames: ['outcome'],
      ...r,
    }),
    ackSeconds: new Histogram({
      name: 'plumb_hooks_webhook_ack_seconds',
      help: 'Time from request to acknowledgement.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      ...r,
    }),
    decisions: new Counter({ name: 'plumb_hooks_decisions_total', help: 'Recorded decisions by result.', labelNames: ['result', 'mode'], ...r }),
    actions: new Counter({
      name: 'plumb_hooks_actions_total',
      help: 'Finished actions by playbook and result (succeeded, escalated, failed, no-op).',
      labelNames: ['playbook', 'result'],
      ...r,
    }),
    refusals: new Counter({ name: 'plumb_hooks_guardrail_refusals_total', help: 'Refusals by guardrail.', labelNames: ['guardrail'], ...r }),
    budgetUsed: new Gauge({
      name: 'plumb_hooks_budget_used_tasks',
      help: 'Tasks disrupted in the rolling window, per region and class (enforce, dry-run).',
      labelNames: ['region', 'class'],
      ...r,
    }),
    budgetLimit: new Gauge({
      name: 'plumb_hooks_budget_limit_tasks',
      help: 'Tasks that may be disrupted in the rolling window, per region.',
      labelNames: ['region'],
      ...r,
    }),
    escalations: new Counter({ name: 'plumb_hooks_escalations_total', help: 'Actions handed to a person, by reason.', labelNames: ['reason'], ...r }),
    kubeRetries: new Counter({ name: 'plumb_hooks_kube_retries_total', help: 'Retried Kubernetes/EMR/CI calls (409, 5xx, connection errors).', ...r }),
    leader: new Gauge({ name: 'plumb_hooks_leader', help: '1 when this replica holds the Lease and acts.', ...r }),
  };
}
