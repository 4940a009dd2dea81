/**
 * Leader election through a coordination.k8s.io/v1 Lease. Only the holder acts;
 * the other replicas answer webhooks with 503 so Alertmanager retries against
 * the leader. Writes carry the resourceVersion, so two replicas cannot both win.
 *
 * Clocks are never compared across machines (as in client-go's leaderelection):
 * - another holder's lease counts as expired only when this replica has seen
 *   the record unchanged for a whole lease duration on its own monotonic clock;
 * - this replica counts itself leader only until `renewDeadline` after the start
 *   of its last successful renewal, which is shorter than the lease, so it stops
 *   acting before anyone else may start, even when a renewal hangs.
 */
import { V1MicroTime, type V1Lease } from '@kubernetes/client-node';
import type { KubeClients } from '../kube/clients';
import { statusOf } from '../kube/retry';

export interface LeaseOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs: number;
  /** Must be shorter than `leaseDurationMs`. */
  renewDeadlineMs: number;
}

export interface Observation {
  holder: string | undefined;
  /** Monotonic time at which this replica first saw the current version of the record. */
  sinceMs: number;
}

/** Pure: may `identity` take or keep the lease, judged only by this replica's monotonic clock? */
export function mayTake(seen: Observation | undefined, identity: string, monoNowMs: number, leaseDurationMs: number): boolean {
  if (seen === undefined || seen.holder === undefined || seen.holder === identity) return true;
  return monoNowMs - seen.sinceMs > leaseDurationMs;
}

export class LeaseElector {
  private seen: (Observation & { resourceVersion: string | undefined }) | undefined;
  /** Monotonic start of the last renewal that succeeded; undefined when not leading. */
  private renewedAtMs: number | undefined;
  private problem: string | undefined = 'no lease round yet';

  constructor(
    private readonly kube: KubeClients,
    private readonly opts: LeaseOptions,
    private readonly wallNow: () => number = Date.now,
    private readonly monoNow: () => number = () => performance.now(),
  ) {
    if (opts.renewDeadlineMs >= opts.leaseDurationMs) throw new Error('leaderElection.renewDeadline must be shorter than leaderElection.leaseDuration');
  }

  get isLeader(): boolean {
    return this.renewedAtMs !== undefined && this.monoNow() - this.renewedAtMs < this.opts.renewDeadlineMs;
  }

  /** Why this replica is not acting, for logs and `/readyz`. */
  get reason(): string {
    if (this.isLeader) return 'leader';
    if (this.problem !== undefined) return this.problem;
    return this.renewedAtMs !== undefined
      ? `lease renewal uncertain for ${this.opts.renewDeadlineMs} ms`
      : `follower: ${this.seen?.holder ?? 'nobody'} holds the lease`;
  }

  /** One acquire-or-renew round, bounded by the renew deadline; returns whether this replica leads afterwards. */
  async tick(): Promise<boolean> {
    const startedMs = this.monoNow();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_r, reject) => {
      timer = setTimeout(() => reject(new Error(`lease round took longer than ${this.opts.renewDeadlineMs} ms`)), this.opts.renewDeadlineMs);
    });
    try {
      await Promise.race([this.round(startedMs), deadline]);
      this.problem = undefined;
    } catch (err) {
      this.problem = this.describe(err);
      if (statusOf(err) === 409) this.renewedAtMs = undefined;
    } finally {
      clearTimeout(timer);
    }
    return this.isLeader;
  }

  private async round(startedMs: number): Promise<void> {
    const { namespace, name, identity, leaseDurationMs } = this.opts;
    let lease: V1Lease | undefined;
    try {
      lease = await this.kube.coordination.readNamespacedLease({ name, namespace });
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    this.observe(lease);
    const duration = Math.max(leaseDurationMs, (lease?.spec?.leaseDurationSeconds ?? 0) * 1000);
    if (!mayTake(this.seen, identity, this.monoNow(), duration)) {
      this.renewedAtMs = undefined;
      return;
    }
    const wall = this.wallNow();
    const takingOver = lease?.spec?.holderIdentity !== identity;
    const spec = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(leaseDurationMs / 1000),
      renewTime: new V1MicroTime(wall),
      ...(takingOver ? { acquireTime: new V1MicroTime(wall), leaseTransitions: (lease?.spec?.leaseTransitions ?? 0) + (lease ? 1 : 0) } : {}),
    };
    const written =
      lease === undefined
        ? await this.kube.coordination.createNamespacedLease({
            namespace,
            body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec: spec as V1Lease['spec'] },
          })
        : await this.kube.coordination.replaceNamespacedLease({ name, namespace, body: { ...lease, spec: { ...lease.spec, ...spec } as V1Lease['spec'] } });
    this.observe(written);
    this.renewedAtMs = startedMs;
  }

  private observe(lease: V1Lease | undefined): void {
    const rv = lease?.metadata?.resourceVersion;
    if (this.seen !== undefined && this.seen.resourceVersion === rv && lease !== undefined) return;
    this.seen = { holder: lease?.spec?.holderIdentity ?? undefined, sinceMs: this.monoNow(), resourceVersion: rv };
  }

  private describe(err: unknown): string {
    const status = statusOf(err);
    const { namespace, name } = this.opts;
    if (status === 404) return `cannot create Lease ${namespace}/${name}: namespace ${namespace} does not exist (leaderElection.namespace)`;
    if (status === 403) return `not allowed to read or write Lease ${namespace}/${name} (RBAC: get, create, update on leases)`;
    if (status === 409) return `Lease ${namespace}/${name} was written by another replica first`;
    return `lease round failed: ${((err as Error)?.message ?? String(err)).split('\n')[0]}`;
  }

  /** Gives the lease up on shutdown so a standby takes over without waiting for expiry. */
  async release(): Promise<void> {
    if (this.renewedAtMs === undefined) return;
    this.renewedAtMs = undefined;
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
