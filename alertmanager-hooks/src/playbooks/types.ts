/** What a playbook gets and returns. Playbooks are adapters: they talk to Kubernetes, EMR or CI. */
import type { ActionRecord } from '../ledger/action';
import type { RetryPolicy } from '../kube/retry';
import type { WorkloadSelectors } from '../kube/tasks';

export interface PlaybookContext {
  action: ActionRecord;
  /** Throws when this replica may no longer act (lease lost or uncertain); call before every side effect. */
  assertActing(): void;
  /** Saves progress in the ledger so a restarted handler resumes, not repeats. */
  saveProgress(progress: Record<string, unknown>): void;
  /** Waits until saved progress is in the shared state too (a new leader would see it). */
  persist(): Promise<void>;
  /** Appends an audit record for a step (e.g. one eviction) and waits for it to be durable. */
  step(kind: string, data: Record<string, unknown>): Promise<void>;
  retry: RetryPolicy;
  selectors: WorkloadSelectors;
  sleep(ms: number): Promise<void>;
  nowMs(): number;
}

/**
 * `changed: false` means the state was already as wanted (a retry or a resumed run):
 * idempotency in practice.
 */
export type PlaybookResult = { ok: true; changed: boolean; detail: string } | { ok: false; detail: string };

export type Playbook = (ctx: PlaybookContext) => Promise<PlaybookResult>;
