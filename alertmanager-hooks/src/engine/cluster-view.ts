/** The cluster as the guardrails see it this round: from the watch cache when there is one, else one list. */
import { readSnapshot, type ClusterSnapshot } from '../kube/snapshot';
import type { EngineDeps } from './deps';
import type { RoundState } from './context';
import { kuredLockedNode } from '../kube/other-remediators';
import { listJson } from '../kube/raw-list';
import { nhcHolders, nodeHealthChecksPath } from '../kube/node-health-checks';

/** Undefined when the cluster cannot be read or the cache is stale: costs are then unknown and disruptive actions refused. */
export async function clusterSnapshot(deps: Pick<EngineDeps, 'kube' | 'cluster' | 'selectors' | 'config' | 'log'>): Promise<ClusterSnapshot | undefined> {
  const { budget } = deps.config;
  if (deps.cluster) {
    const snap = deps.cluster.snapshot(deps.selectors, budget.weights, budget.defaultPodTasks);
    if (snap === undefined) deps.log(`cluster view unavailable: ${deps.cluster.problem}`);
    return snap;
  }
  if (!deps.kube) return undefined;
  return readSnapshot(deps.kube, deps.selectors, budget.weights, budget.defaultPodTasks).catch((err: Error) => {
    deps.log(`cannot read the cluster: ${err.message.split('\n')[0]}`);
    return undefined;
  });
}

/**
 * The node kured's lock holds this round. No kured DaemonSet (404) holds none; a lock that
 * cannot be read is reported as an error, and the guardrail then treats every node as held.
 */
export async function readKuredLock(deps: Pick<EngineDeps, 'kube' | 'config'>): Promise<RoundState['kured']> {
  const kured = deps.config.otherRemediators.kured;
  if (!deps.kube || kured === null) return undefined;
  try {
    const ds = await deps.kube.apps.readNamespacedDaemonSet({ namespace: kured.namespace, name: kured.daemonSet });
    return { node: kuredLockedNode(ds.metadata?.annotations) };
  } catch (err) {
    if ((err as { code?: number }).code === 404) return { node: undefined };
    return { node: undefined, error: `${kured.namespace}/${kured.daemonSet}: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** Logs that said the NodeHealthCheck API is absent, so it is said once per process. */
const saidNoNhc = new WeakSet<object>();

/**
 * Nodes NodeHealthChecks remediate this round, each with its holder; one list of a handful of
 * cluster-scoped objects. No such API (404) holds none and says so once; any other failure is
 * reported as an error, and the guardrail then treats every node as held.
 */
export async function readNodeHealthChecks(deps: Pick<EngineDeps, 'kube' | 'config' | 'log'>): Promise<RoundState['nhc']> {
  const nhc = deps.config.otherRemediators.nodeHealthCheck;
  if (!deps.kube || nhc === null) return undefined;
  const path = nodeHealthChecksPath(nhc.version);
  try {
    return { holders: nhcHolders(await listJson<unknown>(deps.kube.config, path)) };
  } catch (err) {
    if ((err as { code?: number }).code === 404) {
      if (!saidNoNhc.has(deps.log)) deps.log(`no NodeHealthCheck API in the cluster (GET ${path} answered 404): no node is held by NodeHealthCheck`);
      saidNoNhc.add(deps.log);
      return { holders: new Map() };
    }
    return { holders: new Map(), error: `GET ${path}: ${(err as Error).message.split('\n')[0]}` };
  }
}
