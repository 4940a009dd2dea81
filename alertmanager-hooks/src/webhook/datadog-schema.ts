/**
 * The Datadog webhook payload plumb-hooks accepts: the JSON template configured on
 * the Datadog webhook integration (deploy/datadog/webhook-payload.json), after
 * Datadog has filled in its `$VARIABLES`. Every field is a string, as Datadog
 * substitutes them into the template.
 */
import { z } from 'zod';

export const DATADOG_PAYLOAD_VERSION = 'plumb-datadog/1';

export const DatadogPayloadSchema = z.object({
  version: z.literal(DATADOG_PAYLOAD_VERSION).describe('Template version; only `plumb-datadog/1` is understood.'),
  monitor_id: z.string().regex(/^\d+$/, 'a monitor id such as 1234 ($ALERT_ID)').describe('`$ALERT_ID`: the monitor that notifies.'),
  episode: z.string().min(1).describe('`$ALERT_CYCLE_KEY`: links every notification from a trigger to its recovery; one episode, one decision.'),
  transition: z.string().min(1).describe('`$ALERT_TRANSITION`, e.g. `Triggered`, `Re-Triggered`, `Recovered`, `No Data`.'),
  scope: z.string().default('').describe('`$ALERT_SCOPE`: the group that notifies, e.g. `node:ip-10-1-2-3,region:eu-west-1`.'),
  tags: z.string().default('').describe('`$TAGS`: the monitor and group tags, comma-separated.'),
  event_id: z.string().default('').describe('`$ID`: this notification.'),
  title: z.string().default('').describe('`$EVENT_TITLE`.'),
  link: z.string().default('').describe('`$LINK`: the event in Datadog.'),
  date: z.string().default('').describe('`$DATE`: when the event happened (epoch milliseconds).'),
});

export type DatadogPayload = z.infer<typeof DatadogPayloadSchema>;

export type ParsedDatadogPayload = { ok: true; payload: DatadogPayload } | { ok: false; message: string };

export function parseDatadogPayload(body: unknown): ParsedDatadogPayload {
  const result = DatadogPayloadSchema.safeParse(body);
  if (result.success) return { ok: true, payload: result.data };
  const problems = result.error.issues.slice(0, 5).map((i) => `${i.path.length > 0 ? i.path.join('.') : '(body)'}: ${i.message}`);
  return { ok: false, message: `invalid Datadog webhook payload: ${problems.join('; ')}` };
}
