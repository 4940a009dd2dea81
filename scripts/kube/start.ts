/**
 * Starts etcd + kube-apiserver on loopback (built and cached by build.sh) for
 * local work, prints the kubeconfig path, and stops both on Ctrl-C.
 *
 *   npx tsx scripts/kube/start.ts
 */
import { startKubeCluster } from '../../test/support/kube-apiserver';

const cluster = await startKubeCluster();
process.stdout.write(`kube-apiserver ready at ${cluster.url}\nKUBECONFIG=${cluster.kubeconfigPath}\n(Ctrl-C stops etcd and kube-apiserver)\n`);
await new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
await cluster.stop();
