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

// Node labels, annotations and the taint are part of the contract.
export { NODE_ANNOTATIONS, NODE_LABELS_K8S as NODE_LABELS, QUARANTINE_TAINT, WORKLOAD_LABEL } from '@plumb/core/contract';
