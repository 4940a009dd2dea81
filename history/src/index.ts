/** Kafka as Plumb's history of record. */
export type { LogClient, LogProducer, LogAdmin, OutgoingRecord, StoredRecord, TopicSpec } from './log/port';
export { kafkajsClient } from './log/kafkajs-client';
export { planTopics, CHANGE_TOPIC, AUDIT_TOPIC, ONE_YEAR_MS, type TopicSettings } from './topics/topics';
export { ensureTopics } from './topics/ensure-topics';
export { KafkaChangeSink, SpoolFullError, type ChangeSinkStats } from './change/change-sink';
export { ChangeSpool, type SpoolLimits } from './change/spool';
export { KafkaAuditSink } from './audit/audit-sink';
export { verifyChainLinks } from './audit/chain';
export { collectLag } from './lag/collector';
export { createLagRegistry } from './lag/metrics';
export { runHistoryCli } from './cli/history';
export { createKafkaChangeSink, createKafkaAuditSink, DEFAULT_SPOOL_LIMITS } from './wire';
