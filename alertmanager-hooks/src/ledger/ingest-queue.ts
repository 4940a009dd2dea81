/**
 * Group commit for webhook deliveries. Each delivery must be durable before its
 * ack, and a durable SQLite commit costs an fsync; deliveries that arrive
 * together (a storm, an HA pair) are committed in one transaction instead of
 * queueing behind one fsync each.
 */
import type { WebhookAlert } from '../webhook/schema';
import type { IngestOutcome, Ledger } from './ledger';

interface Waiting {
  alerts: readonly WebhookAlert[];
  resolve: (o: IngestOutcome[]) => void;
  reject: (e: unknown) => void;
}

export class IngestQueue {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly ledger: Ledger,
    private readonly now: () => number,
  ) {}

  /** Resolves once the alerts are committed; rejects if the commit failed. */
  ingest(alerts: readonly WebhookAlert[]): Promise<IngestOutcome[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ alerts, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate lets the requests already read in this turn join the batch.
        setImmediate(() => this.commit());
      }
    });
  }

  private commit(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.scheduled = false;
    try {
      const outcomes = this.ledger.ingestGroups(
        batch.map((w) => w.alerts),
        this.now(),
      );
      batch.forEach((w, i) => w.resolve(outcomes[i]!));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}
