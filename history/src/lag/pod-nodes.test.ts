import { describe, expect, it } from 'vitest';
import { PodNodeIndex, type PodAddress, type PodEvent } from './pod-nodes';

const pod = (uid: string, ip: string, nodeName: string | undefined, phase = 'Running'): PodAddress => ({ uid, nodeName, phase, podIPs: [ip] });

describe('PodNodeIndex', () => {
  it.each<{ name: string; events: [PodEvent, PodAddress][]; host: string; node: string | undefined }>([
    { name: 'A running pod maps its IP to its node.', events: [['ADDED', pod('a', '10.0.0.5', 'node-a')]], host: '10.0.0.5', node: 'node-a' },
    { name: 'An IP no pod holds is unknown, not guessed.', events: [['ADDED', pod('a', '10.0.0.5', 'node-a')]], host: '10.0.0.6', node: undefined },
    {
      name: 'A deleted pod lets its IP go.',
      events: [
        ['ADDED', pod('a', '10.0.0.5', 'node-a')],
        ['DELETED', pod('a', '10.0.0.5', 'node-a')],
      ],
      host: '10.0.0.5',
      node: undefined,
    },
    {
      name: 'A finished pod lets its IP go.',
      events: [
        ['ADDED', pod('a', '10.0.0.5', 'node-a')],
        ['MODIFIED', pod('a', '10.0.0.5', 'node-a', 'Succeeded')],
      ],
      host: '10.0.0.5',
      node: undefined,
    },
    {
      name: 'A reused IP belongs to the new pod, even before the old pod is deleted.',
      events: [
        ['ADDED', pod('a', '10.0.0.5', 'node-a')],
        ['ADDED', pod('b', '10.0.0.5', 'node-b')],
      ],
      host: '10.0.0.5',
      node: 'node-b',
    },
    {
      name: 'Deleting the old pod after the IP was reused keeps the new owner.',
      events: [
        ['ADDED', pod('a', '10.0.0.5', 'node-a')],
        ['ADDED', pod('b', '10.0.0.5', 'node-b')],
        ['DELETED', pod('a', '10.0.0.5', 'node-a')],
      ],
      host: '10.0.0.5',
      node: 'node-b',
    },
    { name: 'An unscheduled pod maps nothing.', events: [['ADDED', pod('a', '10.0.0.5', undefined, 'Pending')]], host: '10.0.0.5', node: undefined },
  ])('$name', ({ events, host, node }) => {
    const index = new PodNodeIndex();
    for (const [event, p] of events) index.apply(event, p);
    expect(index.resolve(host)).toBe(node);
  });

  it('A relist replaces what was known.', () => {
    const index = new PodNodeIndex();
    index.apply('ADDED', pod('a', '10.0.0.5', 'node-a'));
    index.reset([pod('b', '10.0.0.9', 'node-b')]);
    expect([index.resolve('10.0.0.5'), index.resolve('10.0.0.9'), index.size]).toEqual([undefined, 'node-b', 1]);
  });
});
