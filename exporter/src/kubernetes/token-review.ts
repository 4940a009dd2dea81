/**
 * The Kubernetes side of report authentication: a TokenReview for the token (RBAC:
 * `create tokenreviews`) and the pods of this node by name (`list pods` with field
 * selectors, which the exporter already has). No `get pods`, no secrets.
 */
import { AuthenticationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { TokenChecks } from '../reports/auth';

export function createTokenChecks(kubeconfig: string | undefined, node: string, audience: string): TokenChecks {
  const kc = new KubeConfig();
  if (kubeconfig) kc.loadFromFile(kubeconfig);
  else kc.loadFromCluster();
  const auth = kc.makeApiClient(AuthenticationV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  return {
    audience,
    node,
    async review(token, aud) {
      const r = await auth.createTokenReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token, audiences: [aud] } } });
      const s = r.status ?? {};
      return { authenticated: s.authenticated === true, audiences: s.audiences ?? [], username: s.user?.username ?? '', extra: s.user?.extra ?? {} };
    },
    async podOnNode(namespace, name, uid) {
      // Read from etcd, not the watch cache: a pod that just started must be found.
      const pods = await core.listNamespacedPod({ namespace, fieldSelector: `metadata.name=${name},spec.nodeName=${node}` });
      return pods.items.some((p) => p.metadata?.uid === uid);
    },
  };
}
