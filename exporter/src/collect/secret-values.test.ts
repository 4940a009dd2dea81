import { describe, expect, it } from 'vitest';
import { looksLikeSecretValue } from './secret-values';

describe('looksLikeSecretValue', () => {
  it.each([
    { name: 'A URL with a password in its user-info is a secret.', value: 'postgresql://airflow:s3cret@db/airflow', secret: true },
    { name: 'A Redis URL with only a password is a secret.', value: 'redis://:s3cret@redis:6379/0', secret: true },
    { name: 'A URL without credentials is not a secret.', value: 'https://paywave-eu.snowflakecomputing.com', secret: false },
    { name: 'A PEM private key is a secret.', value: '-----BEGIN RSA PRIVATE KEY-----\nMII', secret: true },
    { name: 'A JWT is a secret.', value: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', secret: true },
    { name: 'An AWS access key id is a secret.', value: 'AKIAIOSFODNN7EXAMPLE', secret: true },
    { name: 'A JAAS line with password= is a secret.', value: 'ScramLoginModule required username="u" password="p";', secret: true },
    { name: 'A version string is not a secret.', value: '17.0.9', secret: false },
    { name: 'A time zone is not a secret.', value: 'UTC', secret: false },
  ])('$name', ({ value, secret }) => expect(looksLikeSecretValue(value)).toBe(secret));
});
