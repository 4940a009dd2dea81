/**
 * Watches the regional Prometheus servers during a run and records, for every
 * injected event, when the system first concluded what the event expects: drift
 * detected (with which severity and playbook), nodes unknown, flapping, the
 * widespread alert. Also records violations: allowed divergence that got flagged,
 * removed nodes that show as unknown.
 */
import type { TruthRecord } from '../world';
import { tryQuery, type Sample } from './prom-api';

export interface EventObservation {
  detectedAtMs?: number;
  severities: Set<string>;
  playbooks: Set<string>;
  unknownAtMs?: number;
  flappingAtMs?: number;
  widespreadAtMs?: number;
  /** Nodes flagged although the event expects no drift. */
  wronglyFlagged: Set<string>;
  /** Removed nodes that showed as unknown. */
  removedShownUnknown: Set<string>;
}

export class RunTracker {
  readonly observations = new Map<TruthRecord, EventObservation>();
  /** Drift the scenario did not inject: `node dimension` → first seen. A correct system has none. */
  readonly unexpected = new Map<string, number>();

  /**
   * `prometheus`: where each region answers per-node questions; `rollups`: where its rollups
   * and region-wide alerts are (the same server unsharded, the regional tier when sharded).
   */
  constructor(
    private readonly prometheus: Record<string, string>,
    private readonly regionOf: (node: string) => string | undefined,
    private readonly rollups: Record<string, string> = prometheus,
  ) {}

  /** Polls every region once and updates the observations of the applied events. */
  async poll(truth: readonly TruthRecord[], nowMs: number): Promise<void> {
    await this.pollUnexpected(truth, nowMs);
    for (const record of truth) {
      const obs = this.observations.get(record) ?? { severities: new Set(), playbooks: new Set(), wronglyFlagged: new Set(), removedShownUnknown: new Set() };
      this.observations.set(record, obs);
      const e = record.event;
      if (record.nodes.length === 0) continue;
      if (e.action === 'drift') {
        const keys = Object.keys(e.set ?? {});
        const drift = await this.query(record.nodes, (re) => `plumb:config_drift:info{node=~"${re}",dimension=~"${keys.map(escapeRe).join('|')}"}`);
        const flagged = new Set(drift.map((s) => s.metric.node ?? ''));
        if (e.expect.flagged) {
          for (const s of drift) {
            if (s.metric.severity) obs.severities.add(s.metric.severity);
            if (s.metric.playbook) obs.playbooks.add(s.metric.playbook);
          }
          if (obs.detectedAtMs === undefined && record.nodes.every((n) => flagged.has(n))) obs.detectedAtMs = nowMs;
        } else for (const n of flagged) obs.wronglyFlagged.add(n);
        if (e.expect.flapping && obs.flappingAtMs === undefined) {
          const flaps = await this.query(record.nodes, (re) => `plumb:config_flapping:info{node=~"${re}",dimension=~"${keys.map(escapeRe).join('|')}"}`);
          if (flaps.length > 0) obs.flappingAtMs = nowMs;
        }
        if (e.expect.circuitBreaker && obs.widespreadAtMs === undefined) {
          const regions = [...new Set(record.nodes.map((n) => this.regionOf(n) ?? ''))];
          for (const region of regions) {
            // The region's verdict: from its tier when sharded, which silences the shards' own.
            const alerts = await tryQuery(this.rollups[region] ?? '', `ALERTS{alertname="PlumbWidespreadDrift",alertstate="firing"}`);
            if (alerts && alerts.length > 0) obs.widespreadAtMs = nowMs;
          }
        }
      } else if (e.action === 'silence' || e.action === 'fail-collector') {
        const unknown = await this.query(record.nodes, (re) => `plumb:node_unknown:info{node=~"${re}"}`);
        if (obs.unknownAtMs === undefined && record.nodes.every((n) => unknown.some((s) => s.metric.node === n))) obs.unknownAtMs = nowMs;
      } else if (e.action === 'remove-nodes' && nowMs - record.appliedAtMs > 0) {
        const unknown = await this.queryAll(`plumb:node_unknown:info{node=~"${record.nodes.map(escapeRe).join('|')}"}`);
        for (const s of unknown) obs.removedShownUnknown.add(s.metric.node ?? '');
      } else if (e.action === 'add-nodes') {
        const drift = await this.query(record.nodes, (re) => `plumb:config_drift:info{node=~"${re}"}`);
        for (const s of drift) obs.wronglyFlagged.add(s.metric.node ?? '');
      }
    }
  }

  private async pollUnexpected(truth: readonly TruthRecord[], nowMs: number): Promise<void> {
    const injected = new Set<string>();
    for (const r of truth) {
      if (r.event.action !== 'drift' || !r.event.expect.flagged) continue;
      for (const n of r.nodes) for (const k of Object.keys(r.event.set ?? {})) injected.add(`${n} ${k}`);
    }
    for (const s of await this.queryAll('plumb:config_drift:info')) {
      const key = `${s.metric.node ?? ''} ${s.metric.dimension ?? ''}`;
      if (!injected.has(key) && !this.unexpected.has(key)) this.unexpected.set(key, nowMs);
    }
  }

  /** Queries, per region, only the nodes of that region. Unreachable regions give nothing. */
  private async query(nodes: string[], expr: (nodeRe: string) => string): Promise<Sample[]> {
    const byRegion = new Map<string, string[]>();
    for (const n of nodes) {
      const r = this.regionOf(n);
      if (r) byRegion.set(r, [...(byRegion.get(r) ?? []), n]);
    }
    const out: Sample[] = [];
    for (const [region, list] of byRegion) out.push(...((await tryQuery(this.prometheus[region] ?? '', expr(list.map(escapeRe).join('|')))) ?? []));
    return out;
  }

  private async queryAll(expr: string): Promise<Sample[]> {
    const out: Sample[] = [];
    for (const url of Object.values(this.prometheus)) out.push(...((await tryQuery(url, expr)) ?? []));
    return out;
  }
}

/** Escapes `s` for a PromQL regex inside a double-quoted string (regex escape, then string escape). */
function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\/g, '\\\\');
}
