/**
 * Builds each simulated node's `NodeState` through the same `observe` step the real
 * exporter uses, so hashes, exposure and numeric values follow the same rules.
 */
import { observe, type ObserveContext } from '@plumb/exporter/collect/observe';
import type { ChangeTracking, CollectorStatus, NodeState, Observation } from '@plumb/core/state/types';
import { compliantValue } from './baseline';
import type { NodeSim, SimWorld } from './world';

const COLLECTORS = ['files', 'env', 'runtime', 'reports'] as const;

/** Remembers each node's last hashes so change timestamps and counters behave like an exporter's. */
export class SimChangeBook {
  private readonly last = new Map<string, { hash: string; tracking: ChangeTracking }>();

  track(node: string, obs: Observation, nowSeconds: number): ChangeTracking {
    const key = `${node}\0${obs.workload}\0${obs.dimension}`;
    const prev = this.last.get(key);
    if (!prev) {
      const tracking = { workload: obs.workload, dimension: obs.dimension, lastChangeSeconds: nowSeconds, changesTotal: 0 };
      this.last.set(key, { hash: obs.hash, tracking });
      return tracking;
    }
    if (prev.hash !== obs.hash) {
      prev.hash = obs.hash;
      prev.tracking = { ...prev.tracking, lastChangeSeconds: nowSeconds, changesTotal: prev.tracking.changesTotal + 1 };
    }
    return prev.tracking;
  }
}

export function buildNodeState(world: SimWorld, sim: NodeSim, ctx: ObserveContext, book: SimChangeBook, nowSeconds: number): NodeState {
  const observations: Observation[] = [];
  const changes: ChangeTracking[] = [];
  for (const rule of world.model.rules) {
    if (!sim.node.workloads.includes(rule.workload)) continue;
    const raw = world.valueOf(sim, rule.key, () => compliantValue(rule, sim.node, world.scenario.baseline));
    const { observation } = observe(rule, raw, `sim:${rule.source.kind}`, ctx);
    observations.push(observation);
    changes.push(book.track(sim.node.identity.node, observation, nowSeconds));
  }
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
