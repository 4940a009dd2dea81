import { describe, expect, it } from 'vitest';
import { principalOf, roleAllows, webhookCredentialsMatch } from './auth';

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

describe('principalOf', () => {
  const auth = {
    tokens: [{ name: 'jane.doe', role: 'approver' as const, token: 'jane-token' }],
    grafana: { token: 'route-token', approvers: ['anna'], operators: ['otto'] },
  };
  it.each([
    ['names the holder of a direct token', 'Bearer jane-token', undefined, { name: 'jane.doe', role: 'approver', via: 'token' }],
    ['takes the Grafana user on the route token', 'Bearer route-token', 'anna', { name: 'anna', role: 'approver', via: 'grafana' }],
    ['gives a listed operator the operator role', 'Bearer route-token', 'otto', { name: 'otto', role: 'operator', via: 'grafana' }],
    ['makes a Grafana admin no more than a viewer unless listed', 'Bearer route-token', 'admin', { name: 'admin', role: 'viewer', via: 'grafana' }],
    ['ignores X-Grafana-User on a direct token', 'Bearer jane-token', 'anna', { name: 'jane.doe', role: 'approver', via: 'token' }],
  ] as const)('%s', (_n, authorization, user, want) => expect(principalOf(authorization, user, auth)).toEqual(want));

  it.each([
    ['refuses the route token without a forwarded user', 'Bearer route-token', undefined, 'send_user_header'],
    ['refuses the route token with a blank user', 'Bearer route-token', '  ', 'X-Grafana-User'],
    ['refuses an unknown token', 'Bearer nope', 'anna', 'valid bearer token'],
    ['refuses a missing header', undefined, 'anna', 'bearer token'],
  ] as const)('%s', (_n, authorization, user, message) => {
    expect(principalOf(authorization, user, auth)).toEqual({ error: expect.stringContaining(message) });
  });

  it('takes no Grafana user at all when the Grafana route is not configured', () => {
    expect(principalOf('Bearer route-token', 'anna', { tokens: auth.tokens })).toEqual({ error: expect.stringContaining('valid bearer token') });
  });
});
