import { describe, expect, it } from 'vitest';
import { nhcHolders } from './node-health-checks';

const snr = (node: string) => ({
  resource: { apiVersion: 'self-node-remediation.medik8s.io/v1alpha1', kind: 'SelfNodeRemediation', namespace: 'medik8s', name: node },
});
const nhc = (name: string, unhealthyNodes?: unknown) => ({ metadata: { name }, ...(unhealthyNodes === undefined ? {} : { status: { unhealthyNodes } }) });

describe('nhcHolders', () => {
  it.each([
    [
      'holds a node an unhealthy entry lists with a remediation, naming the NodeHealthCheck and the CR',
      [nhc('workers', [{ name: 'n1', remediations: [snr('n1')] }])],
      { n1: 'NodeHealthCheck workers (SelfNodeRemediation medik8s/n1)' },
    ],
    ['holds no node that is unhealthy but has no remediation yet', [nhc('workers', [{ name: 'n1' }, { name: 'n2', remediations: [] }])], {}],
    ['holds no node when a NodeHealthCheck has no status', [nhc('workers')], {}],
    [
      'names the first NodeHealthCheck when two list the node',
      [nhc('a', [{ name: 'n1', remediations: [snr('n1')] }]), nhc('b', [{ name: 'n1', remediations: [snr('n1')] }])],
      { n1: 'NodeHealthCheck a (SelfNodeRemediation medik8s/n1)' },
    ],
  ])('%s', (_n, items, expected) => expect(Object.fromEntries(nhcHolders({ items }))).toEqual(expected));

  it('rejects a list whose unhealthy entry has no node name, naming the field', () =>
    expect(() => nhcHolders({ items: [nhc('workers', [{ remediations: [snr('n1')] }])] })).toThrow(/items\.0\.status\.unhealthyNodes\.0\.name/));
});
