import { describe, expect, it } from 'vitest';
import { roleAllows, webhookCredentialsMatch } from './auth';

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('webhookCredentialsMatch', () => {
  const creds = { bearer: 'tok', basic: { username: 'am', password: 'pw' } };
  it.each([
    ['accepts the bearer token', 'Bearer tok', true],
    ['accepts the scheme in any case', 'bearer tok', true],
    ['refuses another bearer token', 'Bearer tok2', false],
    ['accepts basic credentials', basic('am', 'pw'), true],
    ['refuses a wrong basic password', basic('am', 'nope'), false],
    ['refuses basic without a colon', `Basic ${Buffer.from('ampw').toString('base64')}`, false],
    ['refuses a missing header', undefined, false],
  ])('%s', (_n, header, ok) => expect(webhookCredentialsMatch(header, creds)).toBe(ok));

  it('refuses basic auth when only a bearer token is configured', () => {
    expect(webhookCredentialsMatch(basic('am', 'tok'), { bearer: 'tok' })).toBe(false);
  });
});

describe('roleAllows', () => {
  it.each([
    ['lets a viewer read', 'viewer', 'viewer', true],
    ['stops a viewer from rolling back', 'viewer', 'operator', false],
    ['stops an operator from approving', 'operator', 'approver', false],
    ['lets an approver roll back', 'approver', 'operator', true],
  ] as const)('%s', (_n, have, need, ok) => expect(roleAllows(have, need)).toBe(ok));
});
