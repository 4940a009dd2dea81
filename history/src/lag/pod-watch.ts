/**
 * Keeps a PodNodeIndex current from a Kubernetes watch on pods (all namespaces): the
 * lag collector then labels each consumer with the node its pod runs on, with no static
 * map. Needs `list` and `watch` on pods. A broken watch is restarted after a pause; until
 * the first list arrives nothing resolves (lag rows keep the client host).
 */
import { CoreV1Api, KubeConfig, makeInformer, type V1Pod } from '@kubernetes/client-node';
import { PodNodeIndex, type PodAddress, type PodEvent } from './pod-nodes';

export interface PodWatch {
  resolve(host: string): string | undefined;
  /** Resolves once the first list has been applied. */
  synced: Promise<void>;
  stop(): Promise<void>;
}

export function addressOf(pod: V1Pod): PodAddress {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => Boolean(ip));
  const podIPs = ips.length > 0 ? ips : pod.status?.podIP ? [pod.status.podIP] : [];
  return {
    uid: pod.metadata?.uid ?? `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`,
    nodeName: pod.spec?.nodeName,
    phase: pod.status?.phase,
    podIPs,
  };
}

export function loadKubeConfig(kubeconfig?: string): KubeConfig {
  const kc = new KubeConfig();
  if (kubeconfig) kc.loadFromFile(kubeconfig);
  else kc.loadFromDefault();
  return kc;
}

export async function watchPodNodes(kc: KubeConfig, onError: (err: unknown) => void = () => {}, retryMs = 5_000): Promise<PodWatch> {
  const core = kc.makeApiClient(CoreV1Api);
  const index = new PodNodeIndex();
  const informer = makeInformer(kc, '/api/v1/pods', () => core.listPodForAllNamespaces());
  const on = (event: PodEvent) => (pod: V1Pod) => index.apply(event, addressOf(pod));
  informer.on('add', on('ADDED'));
  informer.on('update', on('MODIFIED'));
  informer.on('delete', on('DELETED'));
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  informer.on('error', (err: unknown) => {
    onError(err);
    if (!stopped) retry = setTimeout(() => void informer.start().catch(onError), retryMs);
  });
  const synced = informer.start();
  return {
    resolve: (host) => index.resolve(host),
    synced,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await informer.stop();
    },
  };
}
