/**
 * Identity bound to the scrape target, pure. The node, region and platform an action acts on
 * are the alert's; the compiled rules carry what Prometheus's service discovery said about the
 * scrape target as `sd_*` labels, which an exporter cannot set. A drift alert is acted on only
 * when the two agree: one compromised or misconfigured exporter claiming another node's name
 * must not aim a quarantine, a drain or an EMR termination at that node.
 */
import { DISCOVERY_LABELS } from '@plumb/core/contract';

export interface IdentityOptions {
  /** Act on alerts that carry no discovery identity (scrape configurations not yet rolled out). */
  allowWithoutDiscovery: boolean;
  /** The EMR cluster the handler would act in for the alert's region, when EMR is configured. */
  emrCluster?: string | undefined;
}

export type IdentityCheck = { ok: true; detail: string } | { ok: false; reason: string };

/** The alert's own claims, each with the discovery label it must agree with. */
const PAIRS = [
  ['node', DISCOVERY_LABELS.node],
  ['region', DISCOVERY_LABELS.region],
  ['platform', DISCOVERY_LABELS.platform],
] as const;

export function checkIdentity(labels: Readonly<Record<string, string>>, o: IdentityOptions): IdentityCheck {
  const discovered = labels[DISCOVERY_LABELS.node];
  if (discovered === undefined || discovered === '') {
    return o.allowWithoutDiscovery
      ? { ok: true, detail: `no discovery identity (${DISCOVERY_LABELS.node}); acted on because identity.allowWithoutDiscovery is set` }
      : {
          ok: false,
          reason: `the alert carries no discovery identity (${DISCOVERY_LABELS.node}): the scrape configuration must set it from service discovery, or identity.allowWithoutDiscovery must be set`,
        };
  }
  for (const [claimed, sd] of PAIRS) {
    const fromTarget = labels[sd];
    // Region and platform are checked where discovery set them; the node always is.
    if (fromTarget === undefined || fromTarget === '') continue;
    if (labels[claimed] !== fromTarget)
      return {
        ok: false,
        reason: `${claimed}=${labels[claimed] ?? '(none)'} but the scrape target is ${sd}=${fromTarget}: the exporter's claim disagrees with service discovery`,
      };
  }
  const cluster = labels[DISCOVERY_LABELS.emrCluster];
  if (cluster && o.emrCluster !== undefined && cluster !== o.emrCluster)
    return { ok: false, reason: `the scrape target is in EMR cluster ${cluster}, not ${o.emrCluster}, the cluster configured for ${labels.region}` };
  return { ok: true, detail: `${labels.node} is the scrape target's node (${DISCOVERY_LABELS.node})` };
}
