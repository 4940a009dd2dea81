import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashValue } from './hash';
import { createSecretHasher, SECRET_KDF, secretHashValue, usesSecretKdf } from './secret-hash';

const salt = Buffer.from('9f2c7a1e5b8d04c3a6e1f7b2d9c05a48e3b7f1c6');

describe('secretHashValue', () => {
  it('Is scrypt with N=2^15, r=8, p=1 keyed by the fleet salt and the dimension, not the fast HMAC.', () => {
    const reference = scryptSync('123456', Buffer.concat([salt, Buffer.from('\0plumb/v2-scrypt\0APP_PIN')]), 32, SECRET_KDF).toString('hex');
    const h = secretHashValue(salt, 'APP_PIN', '123456', 16);
    expect(SECRET_KDF).toMatchObject({ N: 32768, r: 8, p: 1 });
    expect(h).toBe(reference.slice(0, 16));
    expect(h).not.toBe(hashValue(salt, 'APP_PIN', '123456', 16));
  });

  it('Gives every node the same hash for the same value, so consistency rules still compare hashes.', () => {
    const nodeA = createSecretHasher(Buffer.from(salt), 16);
    const nodeB = createSecretHasher(Buffer.from(salt), 16);
    expect(nodeA('DB_PASSWORD', 'hunter2', true)).toBe(nodeB('DB_PASSWORD', 'hunter2', true));
  });

  it('Depends on the dimension and the salt.', () => {
    const h = secretHashValue(salt, 'A_TOKEN', 'x');
    expect(secretHashValue(salt, 'B_TOKEN', 'x')).not.toBe(h);
    expect(secretHashValue(Buffer.from('another-fleet-salt-4e1d9b7c2a'), 'A_TOKEN', 'x')).not.toBe(h);
  });
});

describe('createSecretHasher', () => {
  it('Runs the KDF once per value: a second collection of the same secret is a cache hit.', () => {
    const hash = createSecretHasher(salt, 16);
    const first = hash('DB_PASSWORD', 'hunter2', true);
    expect(hash('DB_PASSWORD', 'hunter2', true)).toBe(first);
    expect(hash.kdfRuns()).toBe(1);
    hash('DB_PASSWORD', 'hunter3', true);
    expect(hash.kdfRuns()).toBe(2);
  });

  it('Warms a value on the thread pool while the event loop keeps running, and the next call is a lookup.', async () => {
    const hash = createSecretHasher(salt, 16);
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    await hash.warm('DB_PASSWORD', 'hunter2');
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(hash('DB_PASSWORD', 'hunter2', true)).toBe(secretHashValue(salt, 'DB_PASSWORD', 'hunter2', 16));
    expect(hash.kdfRuns()).toBe(1);
  });

  it('Hashes non-secret values with the HMAC and no KDF run.', () => {
    const hash = createSecretHasher(salt, 16);
    expect(hash('TZ', 'UTC', false)).toBe(hashValue(salt, 'TZ', 'UTC', 16));
    expect(hash.kdfRuns()).toBe(0);
  });
});

describe('usesSecretKdf', () => {
  it.each([
    { name: 'A dimension the spec marks secret uses the KDF.', rule: { key: 'conn', secret: true }, found: false, want: true },
    { name: 'A key named like a credential uses it even under secret: false.', rule: { key: 'admin_password', secret: false }, found: false, want: true },
    { name: 'A value the node found secret uses it.', rule: { key: 'jdbc.url', secret: false }, found: true, want: true },
    { name: 'A plain dimension does not.', rule: { key: 'TZ', secret: false }, found: false, want: false },
  ])('$name', ({ rule, found, want }) => {
    expect(usesSecretKdf(rule, found)).toBe(want);
  });
});
