/**
 * The simulated world: nodes, the drift injected into them, their symptoms and the
 * truth of what was injected when. Pure state plus a clock; rendering and serving
 * live elsewhere.
 */
import type { Model } from '@plumb/core/spec/model';
import { compliantValue, type Scalar } from './baseline';
import { buildFleet, type SimNode } from './fleet';
import { seededRandom, shuffled } from './random';
import { seconds, type Scenario, type ScenarioEvent, type Selector } from './scenario';

export interface NodeSim {
  node: SimNode;
  overrides: Map<string, Scalar>;
  /** Exporter unreachable: scrapes fail, the node must show as unknown. */
  silent: boolean;
  /** A collector that fails on this node (partial report). */
  failedCollector?: string | undefined;
  symptomLevels: Map<string, number>;
  counters: Map<string, number>;
  /** When the node's simulated exporter started: the simulator's start, or when churn added the node. */
  startedAtMs: number;
}

export interface TruthRecord {
  event: ScenarioEvent;
  nodes: string[];
  appliedAtMs: number;
  revertedAtMs?: number;
}

/** How long a removed node keeps answering scrapes after leaving discovery. */
export const RETIRE_GRACE_MS = 30_000;

interface Pending {
  atMs: number;
  run: (nowMs: number) => void;
}

export class SimWorld {
  readonly nodes = new Map<string, NodeSim>();
  readonly removed = new Set<string>();
  /**
   * Removed nodes still answer for a grace period, as a node drained by the autoscaler
   * leaves service discovery before its instance terminates.
   */
  readonly retiring = new Map<string, NodeSim>();
  readonly truth: TruthRecord[] = [];
  /** Bumped whenever nodes join or leave, so service discovery knows to refresh. */
  membershipVersion = 0;
  private readonly targeted = new Set<string>();
  private pending: Pending[] = [];
  private nextIndex: number;
  private readonly random: () => number;

  constructor(
    readonly model: Model,
    readonly scenario: Scenario,
  ) {
    for (const node of buildFleet(scenario.nodes, scenario.seed)) this.add(node);
    this.nextIndex = scenario.nodes;
    this.random = seededRandom(scenario.seed * 31 + 1);
    for (const sim of this.nodes.values())
      for (const rule of model.rules) if (sim.node.workloads.includes(rule.workload)) compliantValue(rule, sim.node, scenario.baseline);
  }

  /** Schedules every scenario event relative to `startMs`. */
  start(startMs: number): void {
    for (const sim of this.nodes.values()) sim.startedAtMs = startMs;
    this.pending = this.scenario.events.map((event) => ({ atMs: startMs + seconds(event.at) * 1000, run: (now) => this.apply(event, now) }));
  }

  /** Applies every event due by `nowMs`; returns true when something changed. */
  tick(nowMs: number): boolean {
    const due = this.pending.filter((p) => p.atMs <= nowMs).sort((a, b) => a.atMs - b.atMs);
    if (due.length === 0) return false;
    this.pending = this.pending.filter((p) => p.atMs > nowMs);
    for (const p of due) p.run(p.atMs);
    return true;
  }

  /** The raw value of `key` on a node: an injected override or the compliant baseline. */
  valueOf(sim: NodeSim, ruleKey: string, fallback: () => Scalar): Scalar {
    return sim.overrides.get(ruleKey) ?? fallback();
  }

  /** Live nodes of a region (silent ones included: their targets exist but fail). */
  nodesIn(region: string): NodeSim[] {
    return [...this.nodes.values()].filter((n) => n.node.identity.region === region);
  }

  private add(node: SimNode, startedAtMs = 0): void {
    this.nodes.set(node.identity.node, { node, overrides: new Map(), silent: false, symptomLevels: new Map(), counters: new Map(), startedAtMs });
  }

  /** Applies an event right away (an ad-hoc injection); returns its truth record. */
  inject(event: ScenarioEvent, nowMs: number): TruthRecord {
    this.apply(event, nowMs);
    return this.truth[this.truth.length - 1] as TruthRecord;
  }

  private apply(event: ScenarioEvent, nowMs: number): void {
    const record: TruthRecord = { event, nodes: [], appliedAtMs: nowMs };
    if (event.action === 'add-nodes') {
      const fresh = buildFleet((event.count ?? 1) * 8, this.scenario.seed, this.nextIndex)
        .filter((n) => matches(n, event.select))
        .slice(0, event.count);
      this.nextIndex += (event.count ?? 1) * 8;
      for (const n of fresh) this.add(n, nowMs);
      this.membershipVersion++;
      record.nodes = fresh.map((n) => n.identity.node);
    } else {
      const chosen = this.select(event.select, event.action === 'remove-nodes' ? event.count : undefined);
      record.nodes = chosen.map((s) => s.node.identity.node);
      for (const sim of chosen) {
        this.targeted.add(sim.node.identity.node);
        if (event.action === 'remove-nodes') {
          const name = sim.node.identity.node;
          this.nodes.delete(name);
          this.removed.add(name);
          this.retiring.set(name, sim);
          this.pending.push({ atMs: nowMs + RETIRE_GRACE_MS, run: () => this.retiring.delete(name) });
          this.membershipVersion++;
        } else if (event.action === 'silence') sim.silent = true;
        else if (event.action === 'fail-collector') sim.failedCollector = 'files';
        else {
          for (const [k, v] of Object.entries(event.set ?? {})) sim.overrides.set(k, v);
          for (const [k, v] of Object.entries(event.symptoms ?? {})) sim.symptomLevels.set(k, v);
        }
      }
      if (event.action === 'drift' && event.revertAfter) {
        const at = nowMs + seconds(event.revertAfter) * 1000;
        this.pending.push({
          atMs: at,
          run: (now) => {
            for (const sim of chosen) {
              for (const k of Object.keys(event.set ?? {})) sim.overrides.delete(k);
              for (const k of Object.keys(event.symptoms ?? {})) sim.symptomLevels.delete(k);
            }
            record.revertedAtMs = now;
          },
        });
      }
    }
    this.truth.push(record);
  }

  private select(selector: Selector, count: number | undefined): NodeSim[] {
    const candidates = [...this.nodes.values()].filter((s) => !this.targeted.has(s.node.identity.node) && matches(s.node, selector));
    const order = shuffled(candidates, this.random);
    const n = count ?? selector.count ?? (selector.share !== undefined ? Math.max(1, Math.round(selector.share * candidates.length)) : candidates.length);
    return order.slice(0, n);
  }
}

function matches(node: SimNode, s: Selector): boolean {
  const id = node.identity;
  return (
    (s.workload === undefined || node.workloads.includes(s.workload)) &&
    (s.region === undefined || id.region === s.region) &&
    (s.instanceType === undefined || id.instanceType === s.instanceType) &&
    (s.pool === undefined || id.pool === s.pool) &&
    (s.platform === undefined || id.platform === s.platform)
  );
}
