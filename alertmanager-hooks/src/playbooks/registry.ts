/** Wires each playbook name to its adapter. */
import type { KubeClients } from '../kube/clients';
import type { PlaybookName } from './catalog';
import { drainPlaybook, uncordonPlaybook } from './drain';
import { emrDecommissionPlaybook, type EmrTarget } from './emr';
import type { EvictionTiming } from './evict';
import { quarantinePlaybook, releasePlaybook } from './quarantine';
import { rebuildPlaybook, type RebuildTarget } from './rebuild';
import { redeployPlaybook, restartPlaybook } from './restart';
import type { Playbook } from './types';

export type PlaybookRegistry = Record<PlaybookName, Playbook>;

const noKube: Playbook = async () => ({ ok: false, detail: 'Kubernetes is not configured for this handler' });

/** Kubernetes playbooks fail with a clear detail when the handler runs without a cluster (EMR or CI only). */
export function makePlaybooks(
  kube: KubeClients | undefined,
  opts: { eviction: EvictionTiming; rebuild?: RebuildTarget | undefined; emr?: EmrTarget | undefined },
): PlaybookRegistry {
  const ci = { rebuild: rebuildPlaybook(opts.rebuild), 'emr-decommission': emrDecommissionPlaybook(opts.emr, kube) };
  if (kube === undefined) {
    return { quarantine: noKube, release: noKube, restart: noKube, drain: noKube, uncordon: noKube, redeploy: noKube, ...ci };
  }
  return {
    quarantine: quarantinePlaybook(kube),
    release: releasePlaybook(kube),
    restart: restartPlaybook(kube, opts.eviction),
    drain: drainPlaybook(kube, opts.eviction),
    uncordon: uncordonPlaybook(kube),
    redeploy: redeployPlaybook(kube, opts.eviction),
    ...ci,
  };
}
