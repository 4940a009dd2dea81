import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalise } from './canonical';
import { hashValue } from './hash';

const salt = Buffer.from('unit-test-salt-0123456789');

describe('canonicalise', () => {
  it.each([
    { name: 'Numbers in other notations hash alike.', raw: '1.048576e6', type: 'number', want: '1048576' },
    { name: 'Boolean words become true or false.', raw: 'Yes', type: 'bool', want: 'true' },
    { name: 'A leading v is dropped from versions.', raw: 'v1.8.2', type: 'version', want: '1.8.2' },
    { name: 'Strings are trimmed.', raw: '  UTC ', type: 'string', want: 'UTC' },
  ] as const)('$name', ({ raw, type, want }) => {
    expect(canonicalise(raw, type)).toEqual({ ok: true, value: want });
  });

  it('A non-number is rejected for type number.', () => {
    expect(canonicalise('lots', 'number').ok).toBe(false);
  });
});

describe('hashValue', () => {
  it('Is 16 hex characters by default and depends on the salt and the dimension.', () => {
    const h = hashValue(salt, 'TZ', 'UTC');
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(hashValue(Buffer.from('another-salt-0123456789'), 'TZ', 'UTC')).not.toBe(h);
    expect(hashValue(salt, 'LANG', 'UTC')).not.toBe(h);
  });

  it('Refuses a hash shorter than 64 bits.', () => {
    expect(() => hashValue(salt, 'TZ', 'UTC', 8)).toThrow(RangeError);
  });

  it('Never contains the value it hides.', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 17 }), (value) => {
        expect(hashValue(salt, 'K', value, 64)).not.toContain(value);
      }),
    );
  });
});
