/** Reads change events and audit records back from their topics, skipping and counting bad records. */
import type { ChangeEvent } from '@plumb/core/state/events';
import { decodeAudit, type AuditRecordBody } from '../audit/encode';
import { decodeChange } from '../change/encode';
import type { LogClient } from '../log/port';

/** Events read from a topic and the records that could not be decoded (named by partition/offset). */
export interface ReadResult<T> {
  items: T[];
  rejected: string[];
}

export async function readChangeEvents(client: LogClient, topic: string): Promise<ReadResult<ChangeEvent>> {
  const items: ChangeEvent[] = [];
  const rejected: string[] = [];
  await client.readTopic(topic, (r) => {
    const d = decodeChange(r.value, `${topic}[${r.partition}]@${r.offset}`);
    if (d.ok) items.push(d.event);
    else rejected.push(d.error);
  });
  return { items, rejected };
}

export async function readAuditRecords(client: LogClient, topic: string): Promise<ReadResult<AuditRecordBody>> {
  const items: AuditRecordBody[] = [];
  const rejected: string[] = [];
  await client.readTopic(topic, (r) => {
    const a = decodeAudit(r.value);
    if (a) items.push(a);
    else rejected.push(`${topic}[${r.partition}]@${r.offset}: not a plumb.audit/v1 record`);
  });
  return { items, rejected };
}
