/**
 * Factories that wire the sinks to kafkajs, for the `plumb` CLI and the exporter/handler
 * entry points.
 */
import { KafkaAuditSink } from './audit/audit-sink';
import { KafkaChangeSink } from './change/change-sink';
import { ChangeSpool, type SpoolLimits } from './change/spool';
import { kafkajsClient } from './log/kafkajs-client';
import type { KafkaSecurity } from './log/security';

/** Defaults: 100 000 events or 64 MiB, whichever comes first (hours of churn for one node). */
export const DEFAULT_SPOOL_LIMITS: SpoolLimits = { maxRecords: 100_000, maxBytes: 64 * 1024 * 1024 };

/** A change sink that spools to `spoolPath` and replays every `replayEveryMs` (default 5 s). */
export function createKafkaChangeSink(o: {
  brokers: string[];
  spoolPath: string;
  limits?: SpoolLimits;
  topic?: string;
  replayEveryMs?: number;
  security?: KafkaSecurity;
}): KafkaChangeSink {
  const client = kafkajsClient({ brokers: o.brokers, clientId: 'plumb-exporter', connectRetries: 2, ...(o.security ? { security: o.security } : {}) });
  // Few retries: a broker outage should reach the spool in seconds, not block collection.
  const sink = new KafkaChangeSink({
    connect: () => client.producer({ retries: 2, requestTimeoutMs: 10_000 }),
    spool: new ChangeSpool(o.spoolPath, o.limits ?? DEFAULT_SPOOL_LIMITS),
    ...(o.topic ? { topic: o.topic } : {}),
  });
  sink.startReplayTimer(o.replayEveryMs ?? 5_000);
  return sink;
}

/** An audit sink on a connected idempotent producer (acks=all, default retries). */
export async function createKafkaAuditSink(o: {
  brokers: string[];
  chainId: string;
  topic?: string;
  checkpointTopic?: string;
  resumeFrom?: { hash: string; seq: number };
  security?: KafkaSecurity;
}): Promise<KafkaAuditSink> {
  const producer = await kafkajsClient({ brokers: o.brokers, clientId: 'plumb-hooks-audit', ...(o.security ? { security: o.security } : {}) }).producer();
  return new KafkaAuditSink({
    producer,
    chainId: o.chainId,
    ...(o.topic ? { topic: o.topic } : {}),
    ...(o.checkpointTopic ? { checkpointTopic: o.checkpointTopic } : {}),
    ...(o.resumeFrom ? { resumeFrom: o.resumeFrom } : {}),
  });
}

export { kafkaSecurityFromProcessEnv } from './log/security';
