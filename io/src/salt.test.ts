import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadSalt } from './salt';

const fromFile = (text: string) => loadSalt({ file: '/etc/plumb/salt' }, {}, () => text);

describe('loadSalt accepts only salts that are hard to guess', () => {
  it.each([
    { name: 'A short salt is rejected.', salt: 'k3Y9-xQ2', why: /shorter than 16 bytes/ },
    { name: 'Words and a counter are rejected as low entropy.', salt: 'plumb-production-salt-0001', why: /too weak: about \d+ bits.*dictionary-like words/ },
    { name: 'A passphrase of words is rejected.', salt: 'correcthorsebatterystaplecorrecthorse', why: /dictionary-like words/ },
    { name: 'One character repeated is rejected.', salt: 'x'.repeat(64), why: /a repeated pattern/ },
    { name: 'A repeated chunk is rejected.', salt: '9f8e7d6c'.repeat(8), why: /a repeated pattern/ },
    { name: 'Keyboard sequences are rejected.', salt: '0123456789abcdefghijklmnopqrstuvwxyz', why: /sequences like 0123/ },
    { name: 'A leetspeak password said twice is rejected.', salt: 'Tr0ub4dor&3-Tr0ub4dor&3!', why: /repeated chunks/ },
  ])('$name', ({ salt, why }) => {
    const r = fromFile(salt);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toMatch(why);
    expect(r.reason).toContain('/etc/plumb/salt');
    expect(r.reason).toContain('plumb salt generate');
    expect(r.reason).not.toContain(salt);
  });

  it.each([
    { name: 'A generated salt (32 random bytes, hex) is accepted.', salt: randomBytes(32).toString('hex') },
    { name: '32 random bytes in base64 are accepted.', salt: randomBytes(32).toString('base64') },
    { name: '32 random bytes in base64url are accepted.', salt: randomBytes(32).toString('base64url') },
  ])('$name', ({ salt }) => {
    expect(fromFile(salt).ok).toBe(true);
  });

  it('Names the env var a weak salt came from.', () => {
    const r = loadSalt({ env: 'PLUMB_SALT' }, { PLUMB_SALT: 'my-fleet-salt-for-production' });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/from env PLUMB_SALT is too weak/) });
  });
});
