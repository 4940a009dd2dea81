/** The real etcd + kube-apiserver used by the tests; it lives with the local stack, which runs one too. */
import { startKubeCluster, type KubeCluster, type KubeClusterOptions } from '@plumb/sim/stack/kube-cluster';
import { useStarted } from './fixture';

export * from '@plumb/sim/stack/kube-cluster';

/** One kube-apiserver for the file: started in `beforeAll`, stopped in `afterAll`. */
export function useKubeCluster(opts: KubeClusterOptions = {}): KubeCluster {
  return useStarted(
    'the kube-apiserver',
    () => startKubeCluster(opts),
    (cluster) => cluster.stop(),
  );
}
