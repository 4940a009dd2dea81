/**
 * The wire form of a ChangeEvent on `plumb.config-changes` (schema `plumb.change/v1`).
 * Only the listed fields are copied, so a field added to an event by mistake (a raw value,
 * an error text) never reaches the topic or the spool.
 */
import { ChangeCauseSchema } from '@plumb/core/attribution/cause';
import type { ChangeEvent } from '@plumb/core/state/events';
import type { OutgoingRecord } from '../log/port';

export const CHANGE_SCHEMA = 'plumb.change/v1';

/** The JSON body of one record: the ChangeEvent fields and the schema tag. */
export interface ChangeRecordBody extends ChangeEvent {
  schema: typeof CHANGE_SCHEMA;
}

/** Copies the contract fields of an event and nothing else. */
export function pickChangeFields(e: ChangeEvent): ChangeEvent {
  const out: ChangeEvent = {
    eventId: e.eventId,
    node: e.node,
    region: e.region,
    workload: e.workload,
    dimension: e.dimension,
    observedAtMs: e.observedAtMs,
    seq: e.seq,
  };
  if (e.oldHash !== undefined) out.oldHash = e.oldHash;
  if (e.newHash !== undefined) out.newHash = e.newHash;
  if (e.value !== undefined) out.value = e.value;
  if (e.cause !== undefined) out.cause = e.cause;
  return out;
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

const STRING_FIELDS = ['eventId', 'node', 'region', 'workload', 'dimension'] as const;
const OPTIONAL_STRING_FIELDS = ['oldHash', 'newHash', 'value'] as const;

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
  const o = raw as Record<string, unknown>;
  if (o.schema !== CHANGE_SCHEMA) return { ok: false, error: `${where}: schema is ${JSON.stringify(o.schema)}, expected ${CHANGE_SCHEMA}` };
  for (const f of STRING_FIELDS) {
    if (typeof o[f] !== 'string' || o[f] === '') return { ok: false, error: `${where}: field ${f} must be a non-empty string` };
  }
  for (const f of OPTIONAL_STRING_FIELDS) {
    if (o[f] !== undefined && typeof o[f] !== 'string') return { ok: false, error: `${where}: field ${f} must be a string` };
  }
  for (const f of ['observedAtMs', 'seq'] as const) {
    if (typeof o[f] !== 'number' || !Number.isFinite(o[f])) return { ok: false, error: `${where}: field ${f} must be a number` };
  }
  const event = pickChangeFields(o as unknown as ChangeEvent);
  // A cause that does not parse is not trusted, but the change itself still counts.
  if (o.cause !== undefined) event.cause = ChangeCauseSchema.safeParse(o.cause).data ?? { kind: 'unknown' };
  return { ok: true, event };
}
