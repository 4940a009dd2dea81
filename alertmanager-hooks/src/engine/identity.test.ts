import { describe, expect, it } from 'vitest';
import { checkIdentity } from './identity';

const alert = { node: 'node-a', region: 'eu-west-1', platform: 'k8s' };
const strict = { allowWithoutDiscovery: false };

describe('checkIdentity', () => {
  it.each([
    {
      name: 'An alert whose node is the scrape target node is acted on.',
      labels: { ...alert, sd_node: 'node-a', sd_region: 'eu-west-1' },
      o: strict,
      ok: true,
    },
    {
      name: 'An exporter on node A claiming node B is refused.',
      labels: { ...alert, node: 'node-b', sd_node: 'node-a' },
      o: strict,
      ok: false,
      why: 'node=node-b but the scrape target is sd_node=node-a',
    },
    {
      name: 'A region that disagrees with discovery is refused.',
      labels: { ...alert, sd_node: 'node-a', sd_region: 'us-east-1' },
      o: strict,
      ok: false,
      why: 'region=eu-west-1',
    },
    {
      name: 'A platform that disagrees with discovery is refused.',
      labels: { ...alert, platform: 'emr', sd_node: 'node-a', sd_platform: 'k8s' },
      o: strict,
      ok: false,
      why: 'platform=emr',
    },
    { name: 'An alert without discovery identity is refused by default (fail closed).', labels: alert, o: strict, ok: false, why: 'no discovery identity' },
    { name: 'An empty discovery node counts as none.', labels: { ...alert, sd_node: '' }, o: strict, ok: false, why: 'no discovery identity' },
    { name: 'An alert without discovery identity is acted on only when the config allows it.', labels: alert, o: { allowWithoutDiscovery: true }, ok: true },
    {
      name: 'A mismatch is refused even when alerts without identity are allowed.',
      labels: { ...alert, sd_node: 'node-z' },
      o: { allowWithoutDiscovery: true },
      ok: false,
      why: 'sd_node=node-z',
    },
    {
      name: 'An EMR target of another cluster than the configured one is refused.',
      labels: { ...alert, platform: 'emr', sd_node: 'node-a', sd_platform: 'emr', sd_emr_cluster: 'j-OTHER' },
      o: { ...strict, emrCluster: 'j-MINE' },
      ok: false,
      why: 'EMR cluster j-OTHER, not j-MINE',
    },
  ])('$name', ({ labels, o, ok, why }) => {
    const r = checkIdentity(labels, o);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.reason).toContain(why);
  });
});
