/**
 * A real Kafka 3.9 broker per test file, started from the cached Maven Central jars.
 * Integration tests call `startTestKafka()` in `beforeAll` and `dispose()` in `afterAll`.
 */
import { startKafka, type KafkaBroker } from '../../scripts/kafka/start';
import { kafkajsClient } from '../../history/src/log/kafkajs-client';
import type { LogClient } from '../../history/src/log/port';

export type { KafkaBroker };

/** Starts a broker in a fresh temp dir on free loopback ports and returns a client for it. */
export async function startTestKafka(): Promise<{ broker: KafkaBroker; client: LogClient }> {
  const broker = await startKafka({ heap: '384m' });
  return { broker, client: kafkajsClient({ brokers: broker.brokers, clientId: 'plumb-test' }) };
}
