/** The wire form of an AuditRecord on `plumb.audit` (schema `plumb.audit/v1`), keyed by chain id. */
import { z } from 'zod';
import { AuditRecordSchema, type AuditRecord } from '@plumb/core/state/events';
import type { OutgoingRecord } from '../log/port';

export const AUDIT_SCHEMA = 'plumb.audit/v1';

/** One record as stored: the AuditRecord, its chain and the schema tag. */
const AuditRecordBodySchema = AuditRecordSchema.extend({ schema: z.literal(AUDIT_SCHEMA), chainId: z.string() });
export type AuditRecordBody = z.infer<typeof AuditRecordBodySchema>;

export function encodeAudit(chainId: string, r: AuditRecord): OutgoingRecord {
  const body: AuditRecordBody = {
    schema: AUDIT_SCHEMA,
    chainId,
    seq: r.seq,
    atMs: r.atMs,
    actor: r.actor,
    kind: r.kind,
    data: r.data,
    prevHash: r.prevHash,
    hash: r.hash,
  };
  return {
    key: chainId,
    value: JSON.stringify(body),
    headers: { 'plumb-schema': AUDIT_SCHEMA, 'plumb-chain': chainId },
    timestampMs: r.atMs,
  };
}

/** Parses a stored audit record; `undefined` for anything that is not `plumb.audit/v1`. */
export const decodeAudit = (value: string | null): AuditRecordBody | undefined => decodeJsonWith(AuditRecordBodySchema, value);

/** Parses a stored JSON value against a schema; `undefined` when it is absent, not JSON or not of the schema. */
export function decodeJsonWith<T>(schema: z.ZodType<T>, value: string | null): T | undefined {
  if (value === null) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
