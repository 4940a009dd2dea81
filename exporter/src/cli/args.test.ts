import { describe, expect, it } from 'vitest';
import { isLoopback } from '../http/loopback';
import { jitteredDelay } from '../runtime/schedule';
import { parseExporterArgs } from './args';

describe('parseExporterArgs', () => {
  it.each([
    { name: 'A spec is required.', argv: [], error: '--spec is required' },
    { name: 'A listen address without a port is refused.', argv: ['--spec', 's', '--listen', 'localhost'], error: '--listen: expected HOST:PORT' },
    { name: 'An interval below one second is refused.', argv: ['--spec', 's', '--interval', '10ms'], error: '--interval' },
    { name: 'A jitter above one half is refused.', argv: ['--spec', 's', '--jitter', '0.9'], error: '--jitter' },
    { name: 'An unknown flag is refused by name.', argv: ['--spec', 's', '--bogus'], error: "'--bogus'" },
  ])('$name', ({ argv, error }) => {
    const r = parseExporterArgs(argv, {}, 'h');
    expect(r.ok).toBe(false);
    if (r.ok === false) expect(r.error).toContain(error);
  });

  it('Defaults give a 30 s interval, 10% jitter, port 9731 and the hostname as node.', () => {
    const r = parseExporterArgs(['--spec', 's'], {}, 'host-a');
    expect(r.ok === true && r.options).toMatchObject({
      intervalMs: 30_000,
      jitter: 0.1,
      port: 9731,
      host: '0.0.0.0',
      node: 'host-a',
      platform: 'host',
      kubernetes: false,
    });
  });

  it('Inside a pod with NODE_NAME the Kubernetes collector is on and the node is named by it.', () => {
    const r = parseExporterArgs(['--spec', 's'], { KUBERNETES_SERVICE_HOST: '10.0.0.1', NODE_NAME: 'ip-1' }, 'pod-x');
    expect(r.ok === true && r.options).toMatchObject({ kubernetes: true, node: 'ip-1', platform: 'k8s' });
  });
});

describe('isLoopback', () => {
  it.each([
    { address: '127.0.0.1', ok: true },
    { address: '127.8.9.10', ok: true },
    { address: '::1', ok: true },
    { address: '::ffff:127.0.0.1', ok: true },
    { address: '10.1.2.3', ok: false },
    { address: '::ffff:10.1.2.3', ok: false },
    { address: 'fe80::1', ok: false },
    { address: undefined, ok: false },
  ])('The peer $address is loopback: $ok.', ({ address, ok }) => expect(isLoopback(address)).toBe(ok));
});

describe('jitteredDelay', () => {
  it.each([
    { name: 'No jitter gives the interval.', random: 0.3, jitter: 0, want: 30_000 },
    { name: 'The lowest random draw gives the interval minus the jitter.', random: 0, jitter: 0.1, want: 27_000 },
    { name: 'The highest random draw gives the interval plus the jitter.', random: 1, jitter: 0.1, want: 33_000 },
  ])('$name', ({ random, jitter, want }) => expect(jitteredDelay(30_000, jitter, () => random)).toBe(want));
});
