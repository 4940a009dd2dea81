import { Kafka, logLevel, Partitioners, type KafkaConfig } from 'kafkajs';
import { kafkajsAdmin } from './kafkajs-admin';
import { kafkajsReadRange, kafkajsReadTopic } from './kafkajs-reader';
import { kafkajsSecurity } from './kafkajs-security';
import type { LogClient, LogProducer, OutgoingRecord, ProducerOptions } from './port';
import type { KafkaSecurity } from './security';

/** Connection settings for {@link kafkajsClient}. */
export interface KafkajsClientOptions {
  brokers: string[];
  clientId?: string;
  /**
   * Retries of connection and metadata requests. kafkajs defaults to 5 with back-off up to
   * 30 s, which makes a write against a down broker hang for tens of seconds; the change
   * sink wants to fail fast and spool.
   */
  connectRetries?: number;
  /** TLS and SASL (SCRAM, MSK IAM), from {@link kafkaSecurityFromEnv}; plaintext when absent. */
  security?: KafkaSecurity;
  /** Extra kafkajs settings. */
  extra?: Omit<KafkaConfig, 'brokers' | 'clientId'>;
}

/**
 * {@link LogClient} backed by kafkajs. Producers are idempotent with one request in flight
 * and `acks: -1`, so a retried batch neither duplicates nor reorders records.
 */
export function kafkajsClient(opts: KafkajsClientOptions): LogClient {
  const partitioner = Partitioners.DefaultPartitioner();
  const kafka = new Kafka({
    brokers: opts.brokers,
    clientId: opts.clientId ?? 'plumb',
    logLevel: logLevel.NOTHING,
    ...(opts.connectRetries !== undefined ? { retry: { retries: opts.connectRetries, initialRetryTime: 100, maxRetryTime: 1_000 } } : {}),
    ...(opts.security ? kafkajsSecurity(opts.security) : {}),
    ...opts.extra,
  });
  return {
    async producer(p: ProducerOptions = {}): Promise<LogProducer> {
      const producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        retry: { retries: p.retries ?? 5, initialRetryTime: 100, maxRetryTime: 2_000 },
      });
      await producer.connect();
      return {
        async send(topic: string, records: readonly OutgoingRecord[]) {
          if (records.length === 0) return;
          await producer.send({
            topic,
            acks: -1,
            ...(p.requestTimeoutMs !== undefined ? { timeout: p.requestTimeoutMs } : {}),
            messages: records.map((r) => ({
              key: r.key,
              value: r.value,
              ...(r.headers ? { headers: r.headers } : {}),
              ...(r.timestampMs !== undefined ? { timestamp: String(r.timestampMs) } : {}),
            })),
          });
        },
        close: () => producer.disconnect(),
      };
    },
    async admin() {
      const admin = kafka.admin();
      await admin.connect();
      return kafkajsAdmin(admin);
    },
    readTopic: (topic, onRecord, readOpts) => kafkajsReadTopic(kafka, topic, onRecord, readOpts),
    readRange: (range, onRecord, readOpts) => kafkajsReadRange(kafka, range, onRecord, readOpts),
    partitionFor(key: string, partitions: number): number {
      // The producer's own partitioner, so the answer is where kafkajs put the record.
      const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
        partitionId,
        partitionErrorCode: 0,
        leader: 0,
        replicas: [0],
        isr: [0],
      }));
      return partitioner({ topic: '', partitionMetadata, message: { key, value: null } });
    },
  };
}
