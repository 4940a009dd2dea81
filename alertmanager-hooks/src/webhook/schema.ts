/**
 * Alertmanager webhook payload, version 4, as zod schemas. Alertmanager sends
 * this body to every `webhook_configs` receiver; see its `notify/webhook` package.
 */
import { z } from 'zod';

const labelSet = z.record(z.string(), z.string()).describe('Label name → value, e.g. `{alertname: PlumbConfigDrift}`.');

/** RFC 3339 timestamp as Alertmanager prints it (Go's zero time is `0001-01-01T00:00:00Z`). */
const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an RFC 3339 timestamp such as 2026-01-02T03:04:05Z');

/**
 * One notation per instant: the webhook prints nanoseconds, API v2 milliseconds,
 * and the dedupe key must not depend on which one delivered the alert.
 */
export function canonicalTimestamp(s: string): string {
  return new Date(s).toISOString();
}

export const WebhookAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']).describe('`firing` or `resolved`.'),
  labels: labelSet,
  annotations: labelSet.default({}),
  startsAt: timestamp
    .transform(canonicalTimestamp)
    .describe('When the alert started firing; with the fingerprint it identifies one firing episode. Kept at millisecond precision.'),
  endsAt: timestamp.optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).describe("Alertmanager's hash of the label set, e.g. `0a1b2c3d4e5f6789`."),
});

export const WebhookPayloadSchema = z.object({
  version: z.literal('4').describe('Webhook payload version; only `4` is understood.'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).default(0).describe('Alerts Alertmanager left out because of `max_alerts`.'),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labelSet.default({}),
  commonLabels: labelSet.default({}),
  commonAnnotations: labelSet.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(WebhookAlertSchema),
});

export type WebhookAlert = z.infer<typeof WebhookAlertSchema>;
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

/** Outcome of validating a webhook body: a value, never an exception. */
export type ParsedWebhook = { ok: true; payload: WebhookPayload } | { ok: false; message: string };

/** Validates a decoded JSON body and names every offending field, e.g. `alerts.0.fingerprint: Required`. */
export function parseWebhook(body: unknown): ParsedWebhook {
  const result = WebhookPayloadSchema.safeParse(body);
  if (result.success) return { ok: true, payload: result.data };
  const problems = result.error.issues.slice(0, 5).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(body)'}: ${issue.message}`);
  return { ok: false, message: `invalid Alertmanager webhook v4 payload: ${problems.join('; ')}` };
}
