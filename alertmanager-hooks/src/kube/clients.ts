/** The Kubernetes API clients the handler uses, built from one KubeConfig. */
import { AppsV1Api, CoordinationV1Api, CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

export interface KubeClients {
  /** The config the clients were made from; used for raw JSON lists. */
  config: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  coordination: CoordinationV1Api;
}

export function makeKubeClients(kc: KubeConfig): KubeClients {
  return { config: kc, core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api), coordination: kc.makeApiClient(CoordinationV1Api) };
}

/** Loads a kubeconfig file, else in-cluster config, else the default locations. */
export function loadKubeConfig(path?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path !== undefined) kc.loadFromFile(path);
  else kc.loadFromDefault();
  return kc;
}

/** Request options for a JSON merge patch; without the content type the server answers 415. */
export const mergePatch = () => setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** Node labels and annotations the handler reads and writes. */
export const NODE_LABELS = {
  region: 'topology.kubernetes.io/region',
  pool: 'plumb.dev/pool',
  quarantined: 'plumb.dev/quarantined',
} as const;
export const NODE_ANNOTATIONS = {
  lastAction: 'plumb.dev/last-action',
  quarantineAction: 'plumb.dev/quarantine-action',
  cordonAction: 'plumb.dev/cordon-action',
} as const;
export const QUARANTINE_TAINT = 'plumb.dev/quarantine';
export const WORKLOAD_LABEL = 'plumb.dev/workload';
