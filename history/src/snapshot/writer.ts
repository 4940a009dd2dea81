/**
 * Writes `plumb.config-snapshots` from the change topic: folds every record it is given
 * (in offset order per partition) and, on `flush`, sends one snapshot per node that
 * changed since the last flush. The history service calls `flush` every
 * {@link SNAPSHOT_EVERY_MS}; `plumb history snapshot` does one pass over the whole topic.
 */
import { decodeChange } from '../change/encode';
import type { LogClient, LogProducer, StoredRecord } from '../log/port';
import { SnapshotBook } from './snapshot-book';
import { encodeSnapshot } from './snapshot';

/** Six hours: a query replays at most this much of one partition after the snapshot it starts from. */
export const SNAPSHOT_EVERY_MS = 6 * 3_600_000;

export class SnapshotWriter {
  private readonly book = new SnapshotBook();
  readonly rejected: string[] = [];

  constructor(
    private readonly producer: LogProducer,
    private readonly snapshotTopic: string,
  ) {}

  /** Folds one record of the change topic. */
  fold(r: StoredRecord): void {
    const d = decodeChange(r.value, `${r.topic}[${r.partition}]@${r.offset}`);
    if (!d.ok) this.rejected.push(d.error);
    this.book.fold(r.partition, r.offset, d.ok ? d.event : undefined);
  }

  /** Sends the snapshots due at `atMs`; resolves once the broker acknowledged them. Returns how many. */
  async flush(atMs: number): Promise<number> {
    const snapshots = this.book.takeSnapshots(atMs);
    for (let i = 0; i < snapshots.length; i += 500) await this.producer.send(this.snapshotTopic, snapshots.slice(i, i + 500).map(encodeSnapshot));
    return snapshots.length;
  }
}

/** One pass: folds the whole change topic and snapshots every node at `atMs`. */
export async function snapshotTopicOnce(
  client: LogClient,
  changeTopic: string,
  snapshotTopic: string,
  atMs: number,
): Promise<{ written: number; rejected: string[] }> {
  const producer = await client.producer();
  try {
    const writer = new SnapshotWriter(producer, snapshotTopic);
    await client.readTopic(changeTopic, (r) => writer.fold(r));
    return { written: await writer.flush(atMs), rejected: writer.rejected };
  } finally {
    await producer.close();
  }
}
