/**
 * Leader election through a coordination.k8s.io/v1 Lease. Only the holder acts;
 * the other replicas keep answering webhooks with 503 so Alertmanager retries
 * against the leader. Writes carry the resourceVersion, so two replicas cannot
 * both win: the loser gets a 409.
 */
import { V1MicroTime, type V1Lease } from '@kubernetes/client-node';
import type { KubeClients } from '../kube/clients';
import { statusOf } from '../kube/retry';

export interface LeaseOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs: number;
}

/** Pure: may `identity` take or keep the lease at `nowMs`? */
export function canAcquire(lease: V1Lease | undefined, identity: string, nowMs: number, leaseDurationMs: number): boolean {
  const spec = lease?.spec;
  if (spec?.holderIdentity === undefined || spec.holderIdentity === null || spec.holderIdentity === identity) return true;
  const renewed = spec.renewTime ? new Date(spec.renewTime).getTime() : 0;
  const duration = (spec.leaseDurationSeconds ?? leaseDurationMs / 1000) * 1000;
  return nowMs - renewed > duration;
}

export class LeaseElector {
  private holding = false;
  constructor(
    private readonly kube: KubeClients,
    private readonly opts: LeaseOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get isLeader(): boolean {
    return this.holding;
  }

  /** One acquire-or-renew round; returns whether this replica leads afterwards. */
  async tick(): Promise<boolean> {
    const { namespace, name, identity, leaseDurationMs } = this.opts;
    try {
      let lease: V1Lease | undefined;
      try {
        lease = await this.kube.coordination.readNamespacedLease({ name, namespace });
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
      const nowMs = this.now();
      if (!canAcquire(lease, identity, nowMs, leaseDurationMs)) return (this.holding = false);
      const takingOver = lease?.spec?.holderIdentity !== identity;
      const spec = {
        holderIdentity: identity,
        leaseDurationSeconds: Math.ceil(leaseDurationMs / 1000),
        renewTime: new V1MicroTime(nowMs),
        ...(takingOver ? { acquireTime: new V1MicroTime(nowMs), leaseTransitions: (lease?.spec?.leaseTransitions ?? 0) + (lease ? 1 : 0) } : {}),
      };
      if (lease === undefined) {
        await this.kube.coordination.createNamespacedLease({
          namespace,
          body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec: spec as V1Lease['spec'] },
        });
      } else {
        await this.kube.coordination.replaceNamespacedLease({ name, namespace, body: { ...lease, spec: { ...lease.spec, ...spec } as V1Lease['spec'] } });
      }
      return (this.holding = true);
    } catch (err) {
      // A 409 means another replica renewed or took it first. Any fault: stop acting until the next round.
      void err;
      return (this.holding = false);
    }
  }

  /** Gives the lease up on shutdown so a standby takes over without waiting for expiry. */
  async release(): Promise<void> {
    if (!this.holding) return;
    this.holding = false;
    try {
      const lease = await this.kube.coordination.readNamespacedLease({ name: this.opts.name, namespace: this.opts.namespace });
      if (lease.spec?.holderIdentity !== this.opts.identity) return;
      await this.kube.coordination.replaceNamespacedLease({
        name: this.opts.name,
        namespace: this.opts.namespace,
        body: { ...lease, spec: { ...lease.spec, holderIdentity: undefined } },
      });
    } catch {
      // Expiry will hand it over anyway.
    }
  }
}
