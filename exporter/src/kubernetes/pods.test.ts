import { describe, expect, it } from 'vitest';
import type { V1Container, V1EnvVar } from '@kubernetes/client-node';
import { confArgs, referenceIdentity } from './pods';
import { identityFromNodeLabels } from './node-labels';

describe('confArgs', () => {
  it.each<{ name: string; container: V1Container; want: [string, string][] }>([
    { name: 'A separate --conf argument gives its key and value.', container: { name: 'c', args: ['--conf', 'a.b=c'] }, want: [['a.b', 'c']] },
    { name: 'A joined --conf=k=v argument keeps the = inside the value.', container: { name: 'c', args: ['--conf=a=b=c'] }, want: [['a', 'b=c']] },
    {
      name: 'Arguments in the command count too, and other flags are ignored.',
      container: { name: 'c', command: ['spark-submit', '--conf', 'x=1'], args: ['--class', 'Main', '--conf', 'y=2'] },
      want: [
        ['x', '1'],
        ['y', '2'],
      ],
    },
    { name: 'A --conf without a value is ignored.', container: { name: 'c', args: ['--conf'] }, want: [] },
  ])('$name', ({ container, want }) => expect(confArgs(container)).toEqual(want));
});

describe('referenceIdentity', () => {
  it.each<{ name: string; env: V1EnvVar; want: string | undefined }>([
    {
      name: 'A secretKeyRef is named by namespace, secret and key.',
      env: { name: 'P', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      want: 'secretKeyRef:ns/s/k',
    },
    {
      name: 'A configMapKeyRef is named by namespace, map and key.',
      env: { name: 'P', valueFrom: { configMapKeyRef: { name: 'm', key: 'k' } } },
      want: 'configMapKeyRef:ns/m/k',
    },
    {
      name: 'A fieldRef is named by its field path.',
      env: { name: 'P', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      want: 'fieldRef:spec.nodeName',
    },
    { name: 'A literal value has no reference identity.', env: { name: 'P', value: 'x' }, want: undefined },
  ])('$name', ({ env, want }) => expect(referenceIdentity(env, 'ns')).toBe(want));
});

describe('identityFromNodeLabels', () => {
  it.each<{ name: string; labels: Record<string, string>; pool: string }>([
    { name: 'The plumb.dev/pool label wins over the EKS node group.', labels: { 'plumb.dev/pool': 'a', 'eks.amazonaws.com/nodegroup': 'b' }, pool: 'a' },
    { name: 'The EKS node group is the pool when plumb.dev/pool is absent.', labels: { 'eks.amazonaws.com/nodegroup': 'b' }, pool: 'b' },
    { name: 'No pool label gives unknown.', labels: {}, pool: 'unknown' },
  ])('$name', ({ labels, pool }) => expect(identityFromNodeLabels('n', labels).pool).toBe(pool));
});
