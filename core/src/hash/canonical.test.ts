import { describe, expect, it } from 'vitest';
import { canonicalise } from './canonical';

describe('canonicalise', () => {
  it.each([
    ['a 1.x package keeps its major version under version-major-minor', '1.8.3', 'version', ['version-major-minor'], '1.8'],
    ['a Python version is cut to major.minor', '3.11.9', 'version', ['version-major-minor'], '3.11'],
    ['a JVM version is cut to its major', '17.0.11', 'version', ['version-major'], '17'],
    ['a release-candidate suffix stops the numeric components', '3.12.0rc1', 'version', ['version-major-minor'], '3.12'],
    ['a leading v is dropped from versions', 'v2.9.3', 'version', [], '2.9.3'],
    ['numbers take their shortest form', '1.048576e6', 'number', [], '1048576'],
    ['underscores in numbers are ignored', '1_048_576', 'number', [], '1048576'],
    ['booleans accept yes/no words', ' Yes ', 'bool', [], 'true'],
    ['strings are trimmed and lower-cased on request', '  UTC ', 'string', ['lowercase'], 'utc'],
    ['lists are sorted and de-duplicated', 'b, a,b', 'string', ['sort-list'], 'a,b'],
    ['surrounding quotes are stripped on request', '"prod"', 'string', ['strip-quotes'], 'prod'],
  ] as const)('%s', (_name, raw, type, normalize, expected) => {
    expect(canonicalise(raw, type, normalize)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['a word is not a number', 'abc', 'number'],
    ['maybe is not a boolean', 'maybe', 'bool'],
    ['an empty version is not a version', '  ', 'version'],
  ] as const)('rejects input: %s', (_name, raw, type) => {
    expect(canonicalise(raw, type).ok).toBe(false);
  });
});
