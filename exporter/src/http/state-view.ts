/**
 * The `/state` document: the current state as JSON, redacted. Observations carry a
 * clear value only where the spec allows one (already decided when observed);
 * everything else is its hash. Sources keep only their kind and path. As in the
 * metrics (contract v3), `lastChange` appears only after a real change; `startedAt`
 * is the exporter's start, the earliest moment anything here has been observed.
 */
import type { NodeState } from '@plumb/core/state/types';

export interface StateView {
  apiVersion: 'plumb/state/v1';
  spec: string;
  node: NodeState['identity'];
  collectedAt: string | null;
  /** When the exporter process started; null before the first collection. */
  startedAt: string | null;
  partial: boolean;
  collectors: NodeState['collectors'];
  dimensions: { workload: string; dimension: string; hash: string; value?: string; numeric?: number; source: string; lastChange?: string; changes: number }[];
}

export function stateView(state: NodeState | undefined, spec: string, fallbackIdentity: NodeState['identity']): StateView {
  if (!state)
    return { apiVersion: 'plumb/state/v1', spec, node: fallbackIdentity, collectedAt: null, startedAt: null, partial: true, collectors: [], dimensions: [] };
  const changes = new Map(state.changes.map((c) => [`${c.workload}\0${c.dimension}`, c]));
  return {
    apiVersion: 'plumb/state/v1',
    spec,
    node: state.identity,
    collectedAt: new Date(state.collectedAtSeconds * 1000).toISOString(),
    startedAt: new Date(state.startedAtSeconds * 1000).toISOString(),
    partial: state.partial,
    collectors: state.collectors,
    dimensions: state.observations.map((o) => {
      const c = changes.get(`${o.workload}\0${o.dimension}`);
      return {
        workload: o.workload,
        dimension: o.dimension,
        hash: o.hash,
        ...(o.value !== undefined ? { value: o.value } : {}),
        ...(o.numeric !== undefined ? { numeric: o.numeric } : {}),
        source: o.source,
        ...(c && c.changesTotal > 0 ? { lastChange: new Date(c.lastChangeSeconds * 1000).toISOString() } : {}),
        changes: c?.changesTotal ?? 0,
      };
    }),
  };
}
