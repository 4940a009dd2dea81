/**
 * Approvals waiting for a person, computed at scrape time from the ledger, so the
 * PlumbApprovalsWaiting alert can page before an approval silently goes stale.
 */
import { Gauge, type Registry } from 'prom-client';

export interface WaitingApproval {
  region: string;
  createdMs: number;
}

export function registerApprovalGauges(registry: Registry, waiting: () => readonly WaitingApproval[], now: () => number): void {
  new Gauge({
    name: 'plumb_hooks_approvals_waiting',
    help: "Actions awaiting a person's approval, per region.",
    labelNames: ['region'],
    registers: [registry],
    collect() {
      this.reset();
      for (const a of waiting()) this.inc({ region: a.region });
    },
  });
  new Gauge({
    name: 'plumb_hooks_approval_oldest_wait_seconds',
    help: 'How long the oldest action awaiting approval has waited, per region.',
    labelNames: ['region'],
    registers: [registry],
    collect() {
      this.reset();
      const oldest = new Map<string, number>();
      for (const a of waiting()) oldest.set(a.region, Math.min(oldest.get(a.region) ?? Infinity, a.createdMs));
      for (const [region, createdMs] of oldest) this.set({ region }, Math.max(0, (now() - createdMs) / 1000));
    },
  });
}
