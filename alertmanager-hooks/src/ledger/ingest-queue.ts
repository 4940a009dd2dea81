/**
 * Group commit for webhook deliveries. Each delivery must be durable before its
 * ack, and a durable SQLite commit costs an fsync; deliveries that arrive
 * together (a storm, an HA pair) are committed in one transaction instead of
 * queueing behind one fsync each.
 */
import type { WebhookAlert } from '../webhook/schema';
import type { IngestOutcome, Ledger } from './ledger';
import type { SharedState } from '../state/shared-state';
import { alertKey } from '../state/kinds';

interface Waiting {
  alerts: readonly WebhookAlert[];
  resolve: (o: IngestOutcome[]) => void;
  reject: (e: unknown) => void;
}

export class IngestQueue {
  private waiting: Waiting[] = [];
  private scheduled = false;

  /** @param state when present, an alert is acknowledged only once it is in the shared state too. */
  constructor(
    private readonly ledger: Ledger,
    private readonly now: () => number,
    private readonly state?: SharedState,
  ) {}

  /** Resolves once the alerts are committed; rejects if the commit failed. */
  ingest(alerts: readonly WebhookAlert[]): Promise<IngestOutcome[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ alerts, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate lets the requests already read in this turn join the batch.
        setImmediate(() => void this.commit());
      }
    });
  }

  private async commit(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    this.scheduled = false;
    try {
      const outcomes = this.ledger.ingestGroups(
        batch.map((w) => w.alerts),
        this.now(),
      );
      // Duplicates too: a retry after a failed shared write must wait for that write.
      if (this.state)
        await this.state.settle(
          batch.flatMap((w) => w.alerts.map((a) => ({ kind: 'alert' as const, key: alertKey(a.fingerprint, a.startsAt) }))),
          5_000,
        );
      batch.forEach((w, i) => w.resolve(outcomes[i]!));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}
