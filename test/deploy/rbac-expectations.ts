/**
 * What each service account of the chart may and may not do, as SubjectAccessReview
 * attributes. docs/deploy.md lists the same table; the cluster test proves every row.
 */
export interface Access {
  verb: string;
  resource: string;
  group?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface RbacExpectation {
  serviceAccount: string;
  allowed: Access[];
  denied: Access[];
}

/** Things no Plumb component may ever do. */
const NEVER: Access[] = [
  { verb: 'get', resource: 'secrets' },
  { verb: 'list', resource: 'secrets' },
  { verb: 'get', resource: 'secrets', namespace: 'plumb' },
  { verb: 'list', resource: 'secrets', namespace: 'kube-system' },
  { verb: 'delete', resource: 'nodes' },
  { verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'default' },
  { verb: 'get', resource: 'pods', subresource: 'exec', namespace: 'default' },
  { verb: 'delete', resource: 'pods', namespace: 'default' },
  { verb: 'create', resource: 'clusterrolebindings', group: 'rbac.authorization.k8s.io' },
  { verb: 'escalate', resource: 'clusterroles', group: 'rbac.authorization.k8s.io' },
  { verb: 'impersonate', resource: 'serviceaccounts' },
];

export function rbacExpectations(release: string, namespace: string): RbacExpectation[] {
  return [
    {
      serviceAccount: `${release}-exporter`,
      allowed: [
        { verb: 'get', resource: 'nodes', name: 'ip-10-0-1-17.eu-west-1.compute.internal' },
        { verb: 'list', resource: 'pods' },
        { verb: 'create', resource: 'tokenreviews', group: 'authentication.k8s.io' },
      ],
      denied: [
        ...NEVER,
        { verb: 'list', resource: 'nodes' },
        { verb: 'patch', resource: 'nodes' },
        { verb: 'get', resource: 'pods', namespace: 'default' },
        { verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'default' },
        { verb: 'get', resource: 'configmaps', namespace },
        { verb: 'get', resource: 'leases', group: 'coordination.k8s.io', namespace },
      ],
    },
    {
      serviceAccount: `${release}-hooks`,
      allowed: [
        { verb: 'get', resource: 'nodes' },
        { verb: 'list', resource: 'nodes' },
        { verb: 'watch', resource: 'nodes' },
        { verb: 'patch', resource: 'nodes' },
        { verb: 'get', resource: 'pods', namespace: 'spark' },
        { verb: 'list', resource: 'pods' },
        { verb: 'watch', resource: 'pods' },
        { verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'airflow' },
        // kured's lock: its DaemonSet, by name, in its namespace only.
        { verb: 'get', resource: 'daemonsets', group: 'apps', namespace: 'kube-system', name: 'kured' },
        // Medik8s NodeHealthChecks (cluster-scoped): the nodes they remediate are held.
        { verb: 'get', resource: 'nodehealthchecks', group: 'remediation.medik8s.io' },
        { verb: 'list', resource: 'nodehealthchecks', group: 'remediation.medik8s.io' },
        { verb: 'watch', resource: 'nodehealthchecks', group: 'remediation.medik8s.io' },
        { verb: 'create', resource: 'leases', group: 'coordination.k8s.io', namespace },
        { verb: 'get', resource: 'leases', group: 'coordination.k8s.io', namespace, name: 'plumb-hooks' },
        { verb: 'update', resource: 'leases', group: 'coordination.k8s.io', namespace, name: 'plumb-hooks' },
        // Shared state (state/configmap-store.ts): list by label, create, replace.
        { verb: 'list', resource: 'configmaps', namespace },
        { verb: 'create', resource: 'configmaps', namespace },
        { verb: 'update', resource: 'configmaps', namespace, name: 'plumb-action-0123456789abcdef0123456789abcdef01234567' },
      ],
      denied: [
        ...NEVER,
        { verb: 'update', resource: 'nodes' },
        { verb: 'create', resource: 'nodes' },
        { verb: 'patch', resource: 'pods', namespace: 'spark' },
        { verb: 'update', resource: 'nodehealthchecks', group: 'remediation.medik8s.io' },
        { verb: 'update', resource: 'nodehealthchecks', subresource: 'status', group: 'remediation.medik8s.io' },
        { verb: 'update', resource: 'leases', group: 'coordination.k8s.io', namespace, name: 'kube-controller-manager' },
        { verb: 'get', resource: 'leases', group: 'coordination.k8s.io', namespace: 'kube-system', name: 'plumb-hooks' },
        { verb: 'create', resource: 'leases', group: 'coordination.k8s.io', namespace: 'kube-system' },
        { verb: 'delete', resource: 'leases', group: 'coordination.k8s.io', namespace, name: 'plumb-hooks' },
        { verb: 'patch', resource: 'daemonsets', group: 'apps', namespace },
        { verb: 'get', resource: 'daemonsets', group: 'apps', namespace: 'kube-system', name: 'kube-proxy' },
        { verb: 'list', resource: 'daemonsets', group: 'apps', namespace: 'kube-system' },
        { verb: 'patch', resource: 'daemonsets', group: 'apps', namespace: 'kube-system', name: 'kured' },
        { verb: 'get', resource: 'configmaps', namespace },
        { verb: 'watch', resource: 'configmaps', namespace },
        { verb: 'patch', resource: 'configmaps', namespace },
        { verb: 'delete', resource: 'configmaps', namespace },
        { verb: 'deletecollection', resource: 'configmaps', namespace },
        // ConfigMaps anywhere but its own namespace.
        { verb: 'list', resource: 'configmaps' },
        { verb: 'list', resource: 'configmaps', namespace: 'kube-system' },
        { verb: 'create', resource: 'configmaps', namespace: 'default' },
        { verb: 'update', resource: 'configmaps', namespace: 'kube-system', name: 'kube-proxy' },
        { verb: 'update', resource: 'configmaps', namespace: 'airflow' },
      ],
    },
  ];
}
