/** Node labels, annotations and the taint the handler reads and writes. */
export const NODE_LABELS_K8S = {
  region: 'topology.kubernetes.io/region',
  pool: 'plumb.dev/pool',
  quarantined: 'plumb.dev/quarantined',
} as const;

export const NODE_ANNOTATIONS = {
  lastAction: 'plumb.dev/last-action',
  quarantineAction: 'plumb.dev/quarantine-action',
  cordonAction: 'plumb.dev/cordon-action',
} as const;

/** Taint key of a quarantine; the value is the drift's severity, the effect NoSchedule. */
export const QUARANTINE_TAINT = 'plumb.dev/quarantine';

/** Pod label that names a pod's workload when the spec's selectors do not. */
export const WORKLOAD_LABEL = 'plumb.dev/workload';
