/**
 * Which node a consumer's client host (a pod IP) is on, from the pods the Kubernetes
 * API reports. Fed by a watch (./pod-watch.ts); pure. Only pods that may run hold their
 * IPs: a finished pod's IP is free for reuse, and a deleted pod lets it go. When two live
 * pods claim one IP (a reused IP seen before the old pod's delete), the newest claim wins.
 */

/** The fields of a pod the index needs. */
export interface PodAddress {
  uid: string;
  nodeName?: string | undefined;
  phase?: string | undefined;
  podIPs: readonly string[];
}

export type PodEvent = 'ADDED' | 'MODIFIED' | 'DELETED';

const FINISHED = new Set(['Succeeded', 'Failed']);

export class PodNodeIndex {
  private readonly byIp = new Map<string, { uid: string; node: string }>();
  private readonly ipsByUid = new Map<string, string[]>();

  apply(event: PodEvent, pod: PodAddress): void {
    this.release(pod.uid);
    if (event === 'DELETED' || FINISHED.has(pod.phase ?? '') || !pod.nodeName) return;
    for (const ip of pod.podIPs) this.byIp.set(ip, { uid: pod.uid, node: pod.nodeName });
    this.ipsByUid.set(pod.uid, [...pod.podIPs]);
  }

  /** Replaces everything with a fresh list (after a relist). */
  reset(pods: readonly PodAddress[]): void {
    this.byIp.clear();
    this.ipsByUid.clear();
    for (const pod of pods) this.apply('ADDED', pod);
  }

  /** The node of a client host, or undefined when no live pod has that IP. */
  resolve(host: string): string | undefined {
    return this.byIp.get(host)?.node;
  }

  get size(): number {
    return this.byIp.size;
  }

  private release(uid: string): void {
    for (const ip of this.ipsByUid.get(uid) ?? []) if (this.byIp.get(ip)?.uid === uid) this.byIp.delete(ip);
    this.ipsByUid.delete(uid);
  }
}
