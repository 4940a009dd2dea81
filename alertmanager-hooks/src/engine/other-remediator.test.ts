import { describe, expect, it } from 'vitest';
import { readNodeHealthChecks } from './cluster-view';
import { otherRemediator } from './pool-view';

const holders = new Map([['n1', 'NodeHealthCheck workers (SelfNodeRemediation medik8s/n1)']]);

describe('otherRemediator', () => {
  it.each([
    ['names the NodeHealthCheck remediating the node', 'n1', { holders }, 'NodeHealthCheck workers (SelfNodeRemediation medik8s/n1)'],
    ['holds no node a NodeHealthCheck does not list', 'n2', { holders }, undefined],
    [
      'holds every node while NodeHealthChecks cannot be read',
      'n2',
      { holders: new Map(), error: 'GET …: answered 403' },
      'NodeHealthChecks could not be read (GET …: answered 403)',
    ],
    ['holds no node when NodeHealthCheck is not used', 'n1', undefined, undefined],
  ])('%s', (_n, node, nhc, expected) => expect(otherRemediator(node, undefined, { node: undefined }, nhc)).toBe(expected));

  it('names the mark on the node before any NodeHealthCheck', () =>
    expect(otherRemediator('n1', 'taint medik8s.io/remediation:NoExecute', undefined, { holders })).toBe('taint medik8s.io/remediation:NoExecute'));
});

describe('readNodeHealthChecks', () => {
  it('reads nothing and holds no node when `otherRemediators.nodeHealthCheck` is null', async () => {
    const unreachable = new Proxy(
      {},
      {
        get: () => {
          throw new Error('the cluster was read');
        },
      },
    );
    const deps = { kube: unreachable, config: { otherRemediators: { kured: null, nodeHealthCheck: null } }, log: () => {} } as unknown as Parameters<
      typeof readNodeHealthChecks
    >[0];
    expect(await readNodeHealthChecks(deps)).toBeUndefined();
  });
});
