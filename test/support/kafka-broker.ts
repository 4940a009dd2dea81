/**
 * A real Kafka 3.9 broker per test file, started from the cached Maven Central jars.
 * Integration tests call `startTestKafka()` in `beforeAll` and `dispose()` in `afterAll`.
 */
import { startKafka, type KafkaBroker } from '../../scripts/kafka/start';
import { useStarted } from './fixture';
import { kafkajsClient } from '@plumb/history/log/kafkajs-client';
import type { LogClient } from '@plumb/history/log/port';
import { ensureTopics } from '@plumb/history/topics/ensure-topics';

export type { KafkaBroker };

/**
 * Starts a broker in a fresh temp dir on free loopback ports and returns a client for it.
 * `topics: true` also creates Plumb's topics with their defaults.
 */
export async function startTestKafka(o: { topics?: boolean } = {}): Promise<{ broker: KafkaBroker; client: LogClient }> {
  const broker = await startKafka({ heap: '384m' });
  const client = kafkajsClient({ brokers: broker.brokers, clientId: 'plumb-test' });
  if (o.topics) {
    const admin = await client.admin();
    await ensureTopics(admin);
    await admin.close();
  }
  return { broker, client };
}

export interface TestKafka {
  readonly broker: KafkaBroker;
  readonly client: LogClient;
}

/** A broker for the file: started in `beforeAll` (with Plumb's topics when asked), disposed of in `afterAll`. */
export function useTestKafka(o: { topics?: boolean } = {}): TestKafka {
  return useStarted(
    'the Kafka broker',
    () => startTestKafka(o),
    (k) => k.broker.dispose(),
  );
}
