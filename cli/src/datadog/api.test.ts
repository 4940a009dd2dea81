import { describe, expect, it } from 'vitest';
import { credentialsFromEnv } from './api';

describe('credentialsFromEnv', () => {
  it.each<[string, Record<string, string>, unknown]>([
    [
      'Both keys give credentials for the default site',
      { DD_API_KEY: 'a', DD_APP_KEY: 'b' },
      { ok: true, credentials: { apiKey: 'a', appKey: 'b', site: 'datadoghq.com', url: undefined } },
    ],
    [
      'DD_SITE picks the site',
      { DD_API_KEY: 'a', DD_APP_KEY: 'b', DD_SITE: 'datadoghq.eu' },
      { ok: true, credentials: { apiKey: 'a', appKey: 'b', site: 'datadoghq.eu', url: undefined } },
    ],
    ['A missing application key is named', { DD_API_KEY: 'a' }, { ok: false, missing: ['DD_APP_KEY'] }],
    ['Empty keys count as missing', { DD_API_KEY: '', DD_APP_KEY: '' }, { ok: false, missing: ['DD_API_KEY', 'DD_APP_KEY'] }],
  ])('%s.', (_name, env, expected) => expect(credentialsFromEnv(env)).toEqual(expected));
});
