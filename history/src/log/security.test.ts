import { describe, expect, it } from 'vitest';
import { kafkaSecurityFromEnv } from './security';

const files: Record<string, string> = { '/etc/plumb/kafka-ca.pem': 'CA-PEM\n', '/etc/plumb/kafka-password': 's3cret\n', '/empty': '\n' };
const readFile = (p: string): string => {
  if (p in files) return files[p] as string;
  throw Object.assign(new Error('nope'), { code: 'ENOENT' });
};

describe('kafkaSecurityFromEnv', () => {
  it.each([
    { name: 'No settings means plaintext.', env: {}, want: { tls: false } },
    { name: 'A CA file alone turns TLS on and trusts that CA.', env: { PLUMB_KAFKA_CA_FILE: '/etc/plumb/kafka-ca.pem' }, want: { tls: true, ca: 'CA-PEM' } },
    { name: 'PLUMB_KAFKA_TLS=true uses the system trust store.', env: { PLUMB_KAFKA_TLS: 'true' }, want: { tls: true, ca: undefined } },
    {
      name: 'SCRAM takes the password from its file and implies TLS.',
      env: {
        PLUMB_KAFKA_SASL_MECHANISM: 'scram-sha-512',
        PLUMB_KAFKA_SASL_USERNAME: 'plumb-exporter',
        PLUMB_KAFKA_SASL_PASSWORD_FILE: '/etc/plumb/kafka-password',
      },
      want: { tls: true, ca: undefined, sasl: { mechanism: 'scram-sha-512', username: 'plumb-exporter', password: 's3cret' } },
    },
    {
      name: 'MSK IAM needs only the region.',
      env: { PLUMB_KAFKA_SASL_MECHANISM: 'aws-msk-iam', AWS_REGION: 'eu-west-1' },
      want: { tls: true, ca: undefined, sasl: { mechanism: 'aws-msk-iam', region: 'eu-west-1' } },
    },
  ])('$name', ({ env, want }) => {
    expect(kafkaSecurityFromEnv(env, readFile)).toEqual({ ok: true, security: want });
  });

  it.each([
    {
      name: 'An unknown mechanism is refused, naming the variable and the choices.',
      env: { PLUMB_KAFKA_SASL_MECHANISM: 'plain' },
      error: /PLUMB_KAFKA_SASL_MECHANISM: expected one of scram-sha-256, scram-sha-512, aws-msk-iam/,
    },
    {
      name: 'SCRAM without a username is refused.',
      env: { PLUMB_KAFKA_SASL_MECHANISM: 'scram-sha-256', PLUMB_KAFKA_SASL_PASSWORD: 'x' },
      error: /PLUMB_KAFKA_SASL_USERNAME/,
    },
    {
      name: 'SCRAM without a password is refused.',
      env: { PLUMB_KAFKA_SASL_MECHANISM: 'scram-sha-256', PLUMB_KAFKA_SASL_USERNAME: 'u' },
      error: /PLUMB_KAFKA_SASL_PASSWORD_FILE: required/,
    },
    {
      name: 'An unreadable password file is named without its content.',
      env: { PLUMB_KAFKA_SASL_MECHANISM: 'scram-sha-256', PLUMB_KAFKA_SASL_USERNAME: 'u', PLUMB_KAFKA_SASL_PASSWORD_FILE: '/missing' },
      error: /cannot read \/missing \(ENOENT\)/,
    },
    {
      name: 'An empty password file is refused.',
      env: { PLUMB_KAFKA_SASL_MECHANISM: 'scram-sha-256', PLUMB_KAFKA_SASL_USERNAME: 'u', PLUMB_KAFKA_SASL_PASSWORD_FILE: '/empty' },
      error: /is empty/,
    },
    {
      name: 'SASL with TLS switched off is refused: credentials never travel in clear.',
      env: { PLUMB_KAFKA_TLS: 'false', PLUMB_KAFKA_SASL_MECHANISM: 'scram-sha-512', PLUMB_KAFKA_SASL_USERNAME: 'u', PLUMB_KAFKA_SASL_PASSWORD: 'p' },
      error: /only sent over TLS/,
    },
    { name: 'MSK IAM without a region is refused.', env: { PLUMB_KAFKA_SASL_MECHANISM: 'aws-msk-iam' }, error: /PLUMB_KAFKA_AWS_REGION/ },
  ])('$name', ({ env, error }) => {
    const r = kafkaSecurityFromEnv(env, readFile);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(error);
      expect(r.error).not.toContain('s3cret');
    }
  });
});
