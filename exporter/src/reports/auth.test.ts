import { describe, expect, it } from 'vitest';
import { createReportAuthorizer, type TokenChecks, type TokenReviewResult } from './auth';

const POD = (name: string, uid: string): Record<string, string[]> => ({
  'authentication.kubernetes.io/pod-name': [name],
  'authentication.kubernetes.io/pod-uid': [uid],
});
const REVIEWS: Record<string, TokenReviewResult> = {
  here: { authenticated: true, audiences: ['plumb-exporter'], username: 'system:serviceaccount:batch:spark', extra: POD('driver-1', 'u-1') },
  elsewhere: { authenticated: true, audiences: ['plumb-exporter'], username: 'system:serviceaccount:batch:spark', extra: POD('driver-2', 'u-2') },
  unbound: { authenticated: true, audiences: ['plumb-exporter'], username: 'system:serviceaccount:batch:spark', extra: {} },
  other: { authenticated: true, audiences: ['vault'], username: 'system:serviceaccount:batch:spark', extra: POD('driver-1', 'u-1') },
  forged: { authenticated: false, audiences: [], username: '', extra: {} },
};
const checks: TokenChecks = {
  audience: 'plumb-exporter',
  node: 'node-a',
  review: async (token) => {
    if (token === 'down') throw new Error('connect ECONNREFUSED');
    return REVIEWS[token] ?? (REVIEWS.forged as TokenReviewResult);
  },
  podOnNode: async (ns, name, uid) => ns === 'batch' && name === 'driver-1' && uid === 'u-1',
};

describe('who may post a report', () => {
  it.each([
    { name: 'Loopback mode accepts a loopback peer without a token.', mode: 'loopback', peer: '127.0.0.1', auth: undefined, want: { ok: true } },
    { name: 'Loopback mode refuses the node address.', mode: 'loopback', peer: '10.0.1.17', auth: undefined, want: { ok: false, status: 403 } },
    {
      name: "Token mode accepts a token bound to a pod on this node from the pod's address.",
      mode: 'token',
      peer: '10.0.1.42',
      auth: 'Bearer here',
      want: { ok: true, who: 'pod batch/driver-1' },
    },
    {
      name: 'Token mode refuses a pod on another node.',
      mode: 'token',
      peer: '10.0.1.42',
      auth: 'Bearer elsewhere',
      want: { ok: false, status: 403, reason: 'pod batch/driver-2 does not run on this node (node-a)' },
    },
    {
      name: 'Token mode refuses a request without a token with 401.',
      mode: 'token',
      peer: '10.0.1.42',
      auth: undefined,
      want: { ok: false, status: 401, reason: expect.stringContaining('missing bearer token') },
    },
    {
      name: 'Token mode refuses a forged token with 401.',
      mode: 'token',
      peer: '10.0.1.42',
      auth: 'Bearer forged',
      want: { ok: false, status: 401, reason: expect.stringContaining('rejected by TokenReview') },
    },
    {
      name: 'Token mode refuses a token for another audience with 401.',
      mode: 'token',
      peer: '10.0.1.42',
      auth: 'Bearer other',
      want: { ok: false, status: 401, reason: 'token is not for audience plumb-exporter' },
    },
    {
      name: 'Token mode refuses a token not bound to a pod.',
      mode: 'token',
      peer: '10.0.1.42',
      auth: 'Bearer unbound',
      want: { ok: false, status: 403, reason: expect.stringContaining('not bound to a pod') },
    },
    { name: 'Token mode wants a token from loopback too.', mode: 'token', peer: '127.0.0.1', auth: undefined, want: { ok: false, status: 401 } },
    {
      name: 'Token+loopback mode leaves loopback open.',
      mode: 'token+loopback',
      peer: '::ffff:127.0.0.1',
      auth: undefined,
      want: { ok: true, who: 'loopback' },
    },
    {
      name: 'An API server that cannot be reached is 503, never an acceptance.',
      mode: 'token',
      peer: '10.0.1.42',
      auth: 'Bearer down',
      want: { ok: false, status: 503 },
    },
  ] as const)('$name', async ({ mode, peer, auth, want }) => {
    const decision = await createReportAuthorizer(mode, checks)(peer, auth);
    expect(decision).toMatchObject(want);
    expect(JSON.stringify(decision)).not.toContain('Bearer');
  });
});
