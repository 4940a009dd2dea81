/**
 * MSK IAM against a real Kafka 3.9 broker: the Kafka client configured as users configure it
 * (PLUMB_KAFKA_SASL_MECHANISM=aws-msk-iam) negotiates SASL OAUTHBEARER over TLS and hands the
 * broker the token AWS's signer built. Kafka itself cannot validate an MSK IAM token (only MSK
 * does, and a custom server callback class would have to be compiled and shipped), so the
 * broker's built-in unsecured-JWS validator judges it: it refuses the token as not a JWS, and
 * accepts a well-formed unsecured JWS on the same listener, which shows the refusal is the
 * verdict on the token, after a complete exchange. The token's content is checked against
 * MSK's documented format in history/src/log/msk-iam-token.test.ts.
 */
import { readFileSync } from 'node:fs';
import { logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkajsClient } from '@plumb/history/log/kafkajs-client';
import { kafkaSecurityFromProcessEnv } from '@plumb/history/log/security';
import { startSecureKafka, type SecureKafka } from '../support/kafka-tls';

let kafka: SecureKafka;

beforeAll(async () => {
  kafka = await startSecureKafka({ oauthbearer: true });
}, 180_000);
afterAll(async () => {
  await kafka?.dispose();
});

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function listTopics(security: Parameters<typeof kafkajsClient>[0]['security'], extra?: Parameters<typeof kafkajsClient>[0]['extra']): Promise<string[]> {
  // Generous timeouts: a TLS handshake on a loaded machine can take seconds.
  const client = kafkajsClient({
    brokers: kafka.broker.secureBrokers,
    connectRetries: 0,
    security,
    extra: { connectionTimeout: 20_000, authenticationTimeout: 20_000, ...extra },
  });
  const admin = await client.admin();
  try {
    return await admin.listTopics();
  } finally {
    await admin.close();
  }
}

describe('MSK IAM over SASL OAUTHBEARER', () => {
  it('The aws-msk-iam settings negotiate OAUTHBEARER over TLS and deliver the signed token, which a non-MSK broker refuses.', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    try {
      const parsed = kafkaSecurityFromProcessEnv({
        PLUMB_KAFKA_CA_FILE: kafka.caFile,
        PLUMB_KAFKA_SASL_MECHANISM: 'aws-msk-iam',
        PLUMB_KAFKA_AWS_REGION: 'eu-west-1',
      });
      if (!parsed.ok) throw new Error(parsed.error);
      // kafkajs' admin reports only "No brokers in the broker pool"; its debug log shows the exchange.
      const logged: string[] = [];
      const logCreator = () => (entry: { log: { message: string; error?: string } }) => void logged.push(`${entry.log.message} ${entry.log.error ?? ''}`);
      const refused = await listTopics(parsed.security, { logLevel: logLevel.DEBUG, logCreator }).then(
        () => false,
        () => true,
      );
      const exchange = logged.map((l) => l.trim()).filter((l) => /^(Request|Response) Sasl|^Authenticate with/.test(l));
      expect(exchange).toEqual([
        'Request SaslHandshake(key: 17, version: 1)',
        'Response SaslHandshake(key: 17, version: 1)',
        'Authenticate with SASL OAUTHBEARER',
        'Request SaslAuthenticate(key: 36, version: 1)',
        'Response SaslAuthenticate(key: 36, version: 1)',
      ]);
      // The broker answers a refused OAUTHBEARER token with an error challenge and closes the
      // connection (kafkajs logs the exchange as successful, then finds no usable broker).
      expect(refused).toBe(true);
    } finally {
      process.env = saved;
    }
  }, 120_000);

  it('The same listener accepts OAUTHBEARER with a token its validator understands, so the refusal above is the verdict on the token.', async () => {
    const now = Math.floor(Date.now() / 1000);
    const jws = `${b64url({ alg: 'none' })}.${b64url({ sub: 'plumb', iat: now, exp: now + 600 })}.`;
    const topics = await listTopics(
      { tls: true, ca: readFileSync(kafka.caFile, 'utf8') },
      { sasl: { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: jws }) } },
    );
    expect(Array.isArray(topics)).toBe(true);
  }, 120_000);
});
