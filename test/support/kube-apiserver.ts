/** The real etcd + kube-apiserver used by the tests; it lives with the local stack, which runs one too. */
export * from '@plumb/sim/stack/kube-cluster';
