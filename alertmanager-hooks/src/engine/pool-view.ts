/**
 * A pool as the guardrails see it this round: size, nodes out of service (in the cluster or
 * held by an in-flight action), healthy nodes; and who else holds a node. Pools outside
 * Kubernetes are counted from `poolSizes`, the handler's own actions and Prometheus evidence.
 */
import { poolStatus, type ClusterSnapshot } from '../kube/snapshot';
import type { ActionRecord } from '../ledger/action';
import { PLAYBOOK_TRAITS } from '../playbooks/catalog';
import type { RoundState } from './context';
import type { EngineDeps } from './deps';

/** Another remediator holding the node: from the node itself, kured's lock or NodeHealthChecks (unreadable counts as held: fail closed). */
export function otherRemediator(node: string, onNode: string | undefined, kured: RoundState['kured'], nhc?: RoundState['nhc']): string | undefined {
  if (onNode !== undefined) return onNode;
  if (kured?.error !== undefined) return `kured's lock could not be read (${kured.error})`;
  if (kured?.node === node) return `kured (lock annotation weave.works/kured-node-lock names ${node})`;
  if (nhc?.error !== undefined) return `NodeHealthChecks could not be read (${nhc.error})`;
  return nhc?.holders.get(node);
}

const CAPACITY_PLAYBOOKS = Object.entries(PLAYBOOK_TRAITS)
  .filter(([, t]) => t.removesCapacity)
  .map(([name]) => name);

interface PoolView {
  nodes: number;
  /** Out of service now, or about to be: in the cluster, or held by another in-flight action that removes capacity. */
  outOfService: number;
  /** Ready and in service, not counting nodes in-flight actions are taking out. */
  healthy: number;
  /** Whether the acted-on node is among the healthy. */
  nodeHealthy: boolean;
}

/**
 * Pool size, nodes out of service and healthy nodes: from Kubernetes when the pool is there,
 * else (EMR instance groups) from `poolSizes` and the handler's own actions. In-flight actions
 * (approved, running, verifying) count as out of service before the cluster shows them.
 */
export function poolSize(deps: EngineDeps, action: ActionRecord, round: RoundState): PoolView {
  // In flight: the ledger's approved, running and verifying actions, and those started this round
  // under the pool the guardrail judged (an alert without a pool label is stored without one).
  const inFlight = new Set([...deps.ledger.inFlightNodes(action.pool, CAPACITY_PLAYBOOKS, action.id), ...(round.outOfServiceAdded.get(action.pool) ?? [])]);
  if (round.snapshot && poolStatus(round.snapshot, action.pool).nodes > 0) {
    let nodes = 0;
    let outOfService = 0;
    let healthy = 0;
    let nodeHealthy = false;
    for (const n of round.snapshot.nodes.values()) {
      if (n.pool !== action.pool) continue;
      nodes++;
      const out = n.outOfService || inFlight.has(n.name);
      if (out) outOfService++;
      const ok = !out && n.ready && n.heldBy === undefined;
      if (ok) healthy++;
      if (n.name === action.node) nodeHealthy = ok;
    }
    return { nodes, outOfService, healthy, nodeHealthy };
  }
  const configured = deps.config.poolSizes[action.pool];
  if (configured === undefined) return { nodes: 0, outOfService: 0, healthy: 0, nodeHealthy: false };
  // A node the handler took out counts back in service once Prometheus shows the pool's nodes
  // reporting again (its replacement); without that evidence the ledger's count stands.
  const verified = round.inService?.get(action.pool);
  const finished = deps.ledger.outOfServiceByHandler(action.pool, CAPACITY_PLAYBOOKS);
  const outOfService = Math.min(configured, Math.max(inFlight.size, verified === undefined ? finished : configured - verified));
  return { nodes: configured, outOfService, healthy: configured - outOfService, nodeHealthy: true };
}

/** For the pools outside Kubernetes among `actions`: nodes in service as Prometheus shows them. */
export async function poolsInService(deps: EngineDeps, actions: readonly ActionRecord[], snapshot: ClusterSnapshot | undefined): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const a of actions) {
    if (out.has(a.pool) || deps.config.poolSizes[a.pool] === undefined) continue;
    if (snapshot && poolStatus(snapshot, a.pool).nodes > 0) continue;
    const n = await deps.verifier.poolInService(a.region, a.pool);
    if (n !== undefined) out.set(a.pool, n);
  }
  return out;
}
