/**
 * The wire form of a ChangeEvent on `plumb.config-changes` (schema `plumb.change/v1`).
 * Only the listed fields are copied, so a field added to an event by mistake (a raw value,
 * an error text) never reaches the topic or the spool.
 */
import { z } from 'zod';
import { ChangeEventSchema, type ChangeEvent } from '@plumb/core/state/events';
import type { OutgoingRecord } from '../log/port';

export const CHANGE_SCHEMA = 'plumb.change/v1';

/** The JSON body of one record: the ChangeEvent fields and the schema tag. */
const ChangeRecordSchema = ChangeEventSchema.extend({ schema: z.literal(CHANGE_SCHEMA) });
export type ChangeRecordBody = z.infer<typeof ChangeRecordSchema>;

/** Copies the contract fields of an event and nothing else. */
export function pickChangeFields(e: ChangeEvent): ChangeEvent {
  return ChangeEventSchema.strip().parse(e);
}

/** Kafka record for an event: key = node (per-node order), event time as record timestamp. */
export function encodeChange(e: ChangeEvent): OutgoingRecord {
  const body: ChangeRecordBody = { schema: CHANGE_SCHEMA, ...pickChangeFields(e) };
  return {
    key: e.node,
    value: JSON.stringify(body),
    headers: { 'plumb-schema': CHANGE_SCHEMA, 'plumb-event-id': e.eventId },
    timestampMs: e.observedAtMs,
  };
}

/** Result of decoding one record: the event, or why it was rejected. */
export type DecodedChange = { ok: true; event: ChangeEvent } | { ok: false; error: string };

/** Parses and validates a record value; `where` names the record in error messages. */
export function decodeChange(value: string | null, where: string): DecodedChange {
  if (value === null) return { ok: false, error: `${where}: empty record` };
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return { ok: false, error: `${where}: not JSON` };
  }
  if (typeof raw !== 'object' || raw === null) return { ok: false, error: `${where}: not a JSON object` };
  const schema = (raw as { schema?: unknown }).schema;
  if (schema !== CHANGE_SCHEMA) return { ok: false, error: `${where}: schema is ${JSON.stringify(schema)}, expected ${CHANGE_SCHEMA}` };
  const parsed = ChangeRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `${where}: field ${issue.path.join('.')}: ${issue.message}` };
  }
  const { schema: _schema, ...event } = parsed.data;
  return { ok: true, event };
}
