/**
 * MSK IAM at its contract (no AWS here): the token the Kafka clients send over SASL
 * OAUTHBEARER, built by AWS's signer (aws-msk-iam-sasl-signer-js) through kafkajsSecurity
 * from static credentials, checked against MSK's documented format: the base64url (no
 * padding) of a SigV4 query-presigned `GET https://kafka.<region>.amazonaws.com/?Action=
 * kafka-cluster:Connect` with the X-Amz-* parameters, valid 900 s. The signature is
 * recomputed here from the SigV4 specification with node:crypto, and the whole token is
 * pinned as a known answer.
 */
import { createHash, createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { kafkajsSecurity } from './kafkajs-security';

// AWS's documentation example credentials (not a real key).
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const NOW = new Date('2026-11-30T12:00:00Z');
const REGION = 'eu-west-1';

/** The exact token for the inputs above (AWS's signer 1.0.3 output, agreed with `sigV4` below). */
const KNOWN_TOKEN =
  'aHR0cHM6Ly9rYWZrYS5ldS13ZXN0LTEuYW1hem9uYXdzLmNvbS8_QWN0aW9uPWthZmthLWNsdXN0ZXIlM0FDb25uZWN0JlVzZXItQWdlbnQ9YXdzLW1zay1pYW0tc2FzbC1zaWduZXItanMlMkYxLjAuMyZYLUFtei1BbGdvcml0aG09QVdTNC1ITUFDLVNIQTI1NiZYLUFtei1DcmVkZW50aWFsPUFLSUFJT1NGT0ROTjdFWEFNUExFJTJGMjAyNjExMzAlMkZldS13ZXN0LTElMkZrYWZrYS1jbHVzdGVyJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNjExMzBUMTIwMDAwWiZYLUFtei1FeHBpcmVzPTkwMCZYLUFtei1TaWduYXR1cmU9ODQ0YTdkMjE0OTRhOWQ3YWY1ZmM1OGU5ZTZjMTc0ZTU0MmUzYzMzYTBkMzEwMjU0NTQxZjdlMzdlYjZiYzIxMyZYLUFtei1TaWduZWRIZWFkZXJzPWhvc3Q';

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s).digest();

/** SigV4 query signature of the MSK Connect request, straight from the specification. */
function sigV4(query: Record<string, string>, secret: string, region: string, amzDate: string): string {
  const host = `kafka.${region}.amazonaws.com`;
  const canonicalQuery = Object.keys(query)
    .filter((k) => k !== 'X-Amz-Signature' && k !== 'User-Agent')
    .sort()
    .map((k) => `${enc(k)}=${enc(query[k] as string)}`)
    .join('&');
  const canonicalRequest = ['GET', '/', canonicalQuery, `host:${host}\n`, 'host', sha256('')].join('\n');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${region}/kafka-cluster/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 'kafka-cluster'), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

async function tokenThroughKafkaClientSettings(region: string): Promise<string> {
  const settings = kafkajsSecurity({ tls: true, sasl: { mechanism: 'aws-msk-iam', region } });
  const sasl = settings.sasl as { mechanism: string; oauthBearerProvider: () => Promise<{ value: string }> };
  expect(sasl.mechanism).toBe('oauthbearer');
  expect(settings.ssl).toBe(true);
  return (await sasl.oauthBearerProvider()).value;
}

function decode(token: string): URL {
  return new URL(Buffer.from(token, 'base64url').toString('utf8'));
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  vi.stubEnv('AWS_ACCESS_KEY_ID', ACCESS_KEY);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', SECRET_KEY);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent');
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('MSK IAM OAUTHBEARER token', () => {
  it('The token is base64url without padding of an https URL to the regional kafka endpoint.', async () => {
    const token = await tokenThroughKafkaClientSettings(REGION);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    const url = decode(token);
    expect(url.protocol).toBe('https:');
    expect(url.host).toBe('kafka.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/');
  });

  it('The URL asks for kafka-cluster:Connect, presigned with SigV4 for the kafka-cluster service in the region, for 900 s.', async () => {
    const q = Object.fromEntries(decode(await tokenThroughKafkaClientSettings(REGION)).searchParams);
    expect(q).toMatchObject({
      Action: 'kafka-cluster:Connect',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${ACCESS_KEY}/20261130/eu-west-1/kafka-cluster/aws4_request`,
      'X-Amz-Date': '20261130T120000Z',
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'host',
    });
    expect(q['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(q['User-Agent']).toMatch(/^aws-msk-iam-sasl-signer-js\//);
  });

  it('The signature is the SigV4 signature recomputed from the specification with the secret key.', async () => {
    const q = Object.fromEntries(decode(await tokenThroughKafkaClientSettings(REGION)).searchParams);
    expect(q['X-Amz-Signature']).toBe(sigV4(q, SECRET_KEY, REGION, '20261130T120000Z'));
    expect(q['X-Amz-Signature']).not.toBe(sigV4(q, `${SECRET_KEY}x`, REGION, '20261130T120000Z'));
  });

  it('Known answer: the whole token for fixed credentials, region and time.', async () => {
    expect(await tokenThroughKafkaClientSettings(REGION)).toBe(KNOWN_TOKEN);
  });

  it('Temporary credentials (IRSA, instance roles) carry their session token in X-Amz-Security-Token, inside the signature.', async () => {
    vi.stubEnv('AWS_SESSION_TOKEN', 'FwoGZXIvYXdzEXAMPLESESSION');
    const q = Object.fromEntries(decode(await tokenThroughKafkaClientSettings(REGION)).searchParams);
    expect(q['X-Amz-Security-Token']).toBe('FwoGZXIvYXdzEXAMPLESESSION');
    expect(q['X-Amz-Signature']).toBe(sigV4(q, SECRET_KEY, REGION, '20261130T120000Z'));
  });

  it('The region configured for the cluster is the one signed, not a default.', async () => {
    const q = Object.fromEntries(decode(await tokenThroughKafkaClientSettings('us-west-2')).searchParams);
    expect(decode(await tokenThroughKafkaClientSettings('us-west-2')).host).toBe('kafka.us-west-2.amazonaws.com');
    expect(q['X-Amz-Credential']).toBe(`${ACCESS_KEY}/20261130/us-west-2/kafka-cluster/aws4_request`);
  });
});
