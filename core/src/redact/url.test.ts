import { describe, expect, it } from 'vitest';
import { redactUrl, withoutCredentials } from './url';

describe('redactUrl', () => {
  it.each([
    { name: 'Hides user and password.', url: 'https://alice:s3cret@prom.example:9090/api', want: 'https://***@prom.example:9090/api' },
    { name: 'Hides a bare user that is a token.', url: 'https://ghp_abcdef@ci.example/hook', want: 'https://***@ci.example/hook' },
    {
      name: 'Hides credential-like query values and keeps the rest.',
      url: 'https://ci.example/hook?access_token=abc&branch=main&X-Api-Key=k',
      want: 'https://ci.example/hook?access_token=***&branch=main&X-Api-Key=***',
    },
    { name: 'Leaves a URL without credentials alone.', url: 'http://prom-eu:9090/', want: 'http://prom-eu:9090/' },
    { name: 'Leaves text that is not a URL alone.', url: 'not a url', want: 'not a url' },
  ])('$name', ({ url, want }) => {
    expect(redactUrl(url)).toBe(want);
  });
});

describe('withoutCredentials', () => {
  it('Moves user info into a Basic authorization header.', () => {
    const { url, authorization } = withoutCredentials('https://alice:s%40cret@prom.example/api/v1/query?query=up');
    expect(url.toString()).toBe('https://prom.example/api/v1/query?query=up');
    expect(authorization).toBe(`Basic ${Buffer.from('alice:s@cret').toString('base64')}`);
  });
  it('Adds no header to a URL without user info.', () => {
    expect(withoutCredentials('http://prom:9090/').authorization).toBeUndefined();
  });
});
