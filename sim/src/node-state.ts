/**
 * Builds each simulated node's `NodeState` through the same `observe` step the real
 * exporter uses, so hashes, exposure and numeric values follow the same rules.
 */
import { observe, type ObserveContext } from '@plumb/exporter/collect/observe';
import { ChangeTracker } from '@plumb/core/state/change-tracker';
import type { ChangeTracking, CollectorStatus, NodeIdentity, NodeState, Observation } from '@plumb/core/state/types';
import { compliantValue } from './baseline';
import type { NodeSim, SimWorld } from './world';

const COLLECTORS = ['files', 'env', 'runtime', 'reports'] as const;

/**
 * One core `ChangeTracker` per simulated node: change timestamps and counters come from
 * the exporter's own bookkeeping, listed in the order of the node's observations.
 */
export class SimChangeBook {
  private readonly trackers = new Map<string, ChangeTracker>();

  track(identity: NodeIdentity, observations: readonly Observation[], nowSeconds: number): ChangeTracking[] {
    let tracker = this.trackers.get(identity.node);
    if (tracker === undefined) {
      tracker = new ChangeTracker(nowSeconds * 1000);
      this.trackers.set(identity.node, tracker);
    }
    const byKey = new Map(tracker.update(identity, observations, nowSeconds * 1000).changes.map((c) => [`${c.workload}\0${c.dimension}`, c]));
    return observations.map((o) => byKey.get(`${o.workload}\0${o.dimension}`)!);
  }
}

export function buildNodeState(world: SimWorld, sim: NodeSim, ctx: ObserveContext, book: SimChangeBook, nowSeconds: number): NodeState {
  const observations: Observation[] = [];
  for (const rule of world.model.rules) {
    if (!sim.node.workloads.includes(rule.workload)) continue;
    const raw = world.valueOf(sim, rule.key, () => compliantValue(rule, sim.node, world.scenario.baseline));
    const { observation } = observe(rule, raw, `sim:${rule.source.kind}`, ctx);
    observations.push(observation);
  }
  const changes = book.track(sim.node.identity, observations, nowSeconds);
  const collectors: CollectorStatus[] = COLLECTORS.map((collector) => {
    const failed = sim.failedCollector === collector;
    return {
      collector,
      success: !failed,
      durationSeconds: 0.002,
      errorsTotal: failed ? 1 : 0,
      ...(failed ? { error: 'simulated failure' } : { lastSuccessSeconds: nowSeconds }),
    };
  });
  return {
    identity: sim.node.identity,
    observations,
    collectors,
    changes,
    partial: sim.failedCollector !== undefined,
    collectedAtSeconds: nowSeconds,
    startedAtSeconds: Math.floor(sim.startedAtMs / 1000),
  };
}
