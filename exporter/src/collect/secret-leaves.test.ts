import { describe, expect, it } from 'vitest';
import type { DimensionRule } from '@plumb/core/spec/model';
import { hashValue } from '@plumb/core/hash/hash';
import { secretHashValue } from '@plumb/core/hash/secret-hash';
import { observe } from './observe';
import { hasSecretLeaf } from './secret-leaves';

const PLANTED = 'Pl4nted-s3cret-VALUE';

describe('hasSecretLeaf', () => {
  it.each([
    { name: 'A nested JSON password is a secret leaf.', text: JSON.stringify({ db: { host: 'h', admin_password: PLANTED } }), secret: true },
    { name: 'A JSON list of credentials is found by key.', text: JSON.stringify({ users: [{ name: 'a', apiToken: PLANTED }] }), secret: true },
    { name: 'A nested YAML secret is a secret leaf.', text: `spark:\n  conf:\n    spark.hadoop.fs.s3a.secret.key: ${PLANTED}\n`, secret: true },
    { name: 'A properties block with a credential key is a secret.', text: `bootstrap.servers=b:9092\nsasl.jaas.password=${PLANTED}\n`, secret: true },
    { name: 'A URL with a credential in a leaf value is a secret.', text: JSON.stringify({ conn: `postgresql://u:${PLANTED}@db/x` }), secret: true },
    { name: 'A query string with a token is a secret.', text: `a=1&token=${PLANTED}`, secret: true },
    { name: 'Plain JSON without credentials is not a secret.', text: JSON.stringify({ timeZone: 'UTC', partitions: 200 }), secret: false },
    { name: 'A plain scalar is not a secret.', text: 'UTC', secret: false },
    { name: 'A version is not a secret.', text: '17.0.9', secret: false },
  ])('$name', ({ text, secret }) => expect(hasSecretLeaf(text)).toBe(secret));
});

const rule = (key: string, over: Partial<DimensionRule> = {}): DimensionRule =>
  ({
    id: `w/${key}`,
    workload: 'w',
    key,
    type: 'string',
    normalize: [],
    secret: false,
    expose: true,
    severity: 'info',
    optional: false,
    missingSeverity: 'info',
    check: { kind: 'none' },
    allowances: [],
    exceptions: [],
    playbook: { action: 'none', approval: 'none' },
    missingPlaybook: { action: 'none', approval: 'none' },
    source: { kind: 'env', name: key },
    ...over,
  }) as DimensionRule;
const ctx = { salt: new Uint8Array(32).fill(7), hashLength: 16, maxExposedValueLength: 4096 };

describe('observe never exposes a planted secret', () => {
  it.each([
    {
      name: 'An exposable JSON block with a nested password is hashed only.',
      rule: rule('app.config'),
      raw: JSON.stringify({ db: { admin_password: PLANTED } }),
    },
    { name: 'An exposable YAML block with a secret leaf is hashed only.', rule: rule('spark.conf'), raw: `a:\n  b:\n    secret_key: ${PLANTED}\n` },
    { name: 'A properties block with a credential key is hashed only.', rule: rule('client.properties'), raw: `sasl.password=${PLANTED}` },
    { name: 'A key named admin_password is hashed only even with secret: false.', rule: rule('admin_password', { secret: false, expose: true }), raw: PLANTED },
  ])('$name', ({ rule: r, raw }) => {
    const { observation } = observe(r, raw, 'test', ctx);
    expect(observation.value).toBeUndefined();
    expect(JSON.stringify(observation)).not.toContain(PLANTED);
  });

  it('A harmless exposable value is still exposed.', () => {
    expect(observe(rule('TZ'), 'UTC', 'test', ctx).observation.value).toBe('UTC');
  });
});

describe('observe hashes secrets with the slow KDF', () => {
  it.each([
    { name: 'A dimension the spec marks secret is hashed with scrypt.', rule: rule('db.conn', { secret: true, expose: false }), raw: '123456', found: false },
    { name: 'A key named like a credential under secret: false is hashed with scrypt.', rule: rule('admin_password'), raw: '123456', found: false },
    { name: 'A reading the collector found secret (a secret-looking env name) is hashed with scrypt.', rule: rule('db.auth'), raw: '123456', found: true },
    {
      name: 'A JSON block with a nested password is hashed with scrypt.',
      rule: rule('app.config'),
      raw: JSON.stringify({ db: { password: '123456' } }),
      found: false,
    },
  ])('$name', ({ rule: r, raw, found }) => {
    const { observation, canonical } = observe(r, raw, 'test', ctx, found);
    expect(observation.hash).toBe(secretHashValue(ctx.salt, r.key, canonical, 16));
  });

  it('A plain dimension keeps the fast HMAC the compiler uses for expected values.', () => {
    expect(observe(rule('TZ'), 'UTC', 'test', ctx).observation.hash).toBe(hashValue(ctx.salt, 'TZ', 'UTC', 16));
  });
});
