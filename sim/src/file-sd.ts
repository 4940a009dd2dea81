/**
 * Prometheus file-based service discovery for the simulated exporters: one target
 * group per node, all on the simulator's port, told apart by `__metrics_path__` and
 * an `instance` label set to the node name. Files are replaced atomically.
 *
 * The simulator knows which node each target is, as Kubernetes or EC2 discovery would, so
 * it lists the discovery identity (`sd_node`, `sd_region`, `sd_platform`) as target labels;
 * the handler refuses alerts whose node disagrees with them.
 */
import { DISCOVERY_LABELS } from '@plumb/core/contract';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimWorld } from './world';

export function fileSdPath(dir: string, region: string): string {
  return join(dir, `${region}.json`);
}

/** Rewrites each region's file_sd file from the world's current nodes. */
export function writeFileSd(world: SimWorld, dir: string, regions: readonly string[], hostPort: string): void {
  for (const region of regions) {
    const groups = world.nodesIn(region).map((sim) => ({
      targets: [hostPort],
      labels: {
        instance: sim.node.identity.node,
        __metrics_path__: `/nodes/${encodeURIComponent(sim.node.identity.node)}/metrics`,
        [DISCOVERY_LABELS.node]: sim.node.identity.node,
        [DISCOVERY_LABELS.region]: sim.node.identity.region,
        [DISCOVERY_LABELS.platform]: sim.node.identity.platform,
      },
    }));
    const file = fileSdPath(dir, region);
    writeFileSync(`${file}.tmp`, JSON.stringify(groups, null, 1));
    renameSync(`${file}.tmp`, file);
  }
}
