import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '@plumb/io';
import { fileSdPath, writeFileSd } from './file-sd';
import { REGIONS } from './fleet';
import { loadScenario, ScenarioSchema } from './scenario';
import { SimWorld } from './world';

const spec = loadSpecFile(new URL('../../examples/paywave/desired-state.yaml', import.meta.url).pathname);
if (!spec.ok) throw new Error('example spec must load');
const baseline = loadScenario(new URL('../scenarios/default.yaml', import.meta.url).pathname).baseline;

describe('writeFileSd', () => {
  it('Each target carries the discovery identity of its node (sd_node, sd_region, sd_platform), as Kubernetes or EC2 discovery would set it.', () => {
    const world = new SimWorld(spec.model, ScenarioSchema.parse({ name: 'sd', nodes: 12, seed: 3, baseline, events: [] }));
    world.start(0);
    const dir = mkdtempSync(join(tmpdir(), 'plumb-file-sd-'));
    writeFileSd(world, dir, REGIONS, '127.0.0.1:9100');
    const groups = REGIONS.flatMap((r) => JSON.parse(readFileSync(fileSdPath(dir, r), 'utf8')) as { labels: Record<string, string> }[]);
    expect(groups).toHaveLength(12);
    for (const { labels } of groups) {
      const { node, region, platform } = world.nodes.get(labels.instance!)!.node.identity;
      expect({ sd_node: labels.sd_node, sd_region: labels.sd_region, sd_platform: labels.sd_platform }).toEqual({
        sd_node: node,
        sd_region: region,
        sd_platform: platform,
      });
    }
  });
});
