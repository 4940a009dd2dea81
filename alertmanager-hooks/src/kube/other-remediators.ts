/**
 * Other remediators that may hold a node, pure. Plumb skips a node another remediator is
 * handling and says which one, as NodeHealthCheck skips a node under maintenance:
 * - kured holds the node named in its lock, a JSON annotation on its own DaemonSet
 *   (`weave.works/kured-node-lock`, `{"nodeID": …}`; `manual` pauses kured and holds none),
 *   and marks a node it reboots with `weave.works/kured-reboot-in-progress`;
 * - Medik8s remediators (Self Node Remediation, Fence Agents Remediation) taint the node
 *   `medik8s.io/remediation`; the Node Maintenance Operator labels it
 *   `remediation.medik8s.io/exclude-from-remediation=true`; NodeHealthCheck gives up with
 *   the annotation `remediation.medik8s.io/nhc-timed-out`;
 * - the out-of-service taint (`node.kubernetes.io/out-of-service`) marks a node shut down
 *   for non-graceful node shutdown.
 */
import type { V1Node } from '@kubernetes/client-node';

export const KURED = {
  lockAnnotation: 'weave.works/kured-node-lock',
  rebootInProgress: 'weave.works/kured-reboot-in-progress',
} as const;

export const MEDIK8S = {
  remediationTaint: 'medik8s.io/remediation',
  excludeLabel: 'remediation.medik8s.io/exclude-from-remediation',
  nhcTimedOut: 'remediation.medik8s.io/nhc-timed-out',
} as const;

export const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

/** Who holds the node, from its own labels, annotations and taints; undefined when no one does. */
export function heldByOnNode(n: V1Node): string | undefined {
  const labels = n.metadata?.labels ?? {};
  const annotations = n.metadata?.annotations ?? {};
  const taint = (n.spec?.taints ?? []).find((t) => t.key === MEDIK8S.remediationTaint || t.key === OUT_OF_SERVICE_TAINT);
  if (taint) return `taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
  if (labels[MEDIK8S.excludeLabel] === 'true') return `label ${MEDIK8S.excludeLabel}=true (node maintenance)`;
  if (annotations[MEDIK8S.nhcTimedOut] !== undefined) return `annotation ${MEDIK8S.nhcTimedOut} (NodeHealthCheck gave up on it)`;
  if (annotations[KURED.rebootInProgress] !== undefined) return `annotation ${KURED.rebootInProgress} (kured is rebooting it)`;
  return undefined;
}

/** The node kured's lock names, from the DaemonSet's annotations; `manual` or none hold no node. */
export function kuredLockedNode(annotations: Readonly<Record<string, string>> | undefined): string | undefined {
  const raw = annotations?.[KURED.lockAnnotation];
  if (raw === undefined || raw === '') return undefined;
  try {
    const lock = JSON.parse(raw) as { nodeID?: unknown };
    const node = typeof lock.nodeID === 'string' ? lock.nodeID : undefined;
    return node === undefined || node.toLowerCase() === 'manual' ? undefined : node;
  } catch {
    return undefined;
  }
}
