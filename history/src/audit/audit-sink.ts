/**
 * The handler's audit sink: AuditRecords to `plumb.audit`, keyed by chain id so one chain
 * stays in one partition, in order.
 *
 * `write` resolves only once the broker acknowledged every record with acks=all. There is no
 * spool here: the handler's fsynced audit file is the backlog, and its forwarder sends from
 * it in order, so a Kafka outage delays the copy, never a decision.
 */
import { createHash } from 'node:crypto';
import { claimedTail, hashedText, verifyAuditChain } from '@plumb/core/audit/chain';
import type { AuditRecord, EventSink } from '@plumb/core/state/events';
import type { LogProducer } from '../log/port';
import { AUDIT_CHECKPOINT_TOPIC, AUDIT_TOPIC } from '../topics/topics';
import type { Checkpoint } from './checkpoint';
import { encodeCheckpoint } from './checkpoint-wire';
import { encodeAudit } from './encode';

const digest = (r: AuditRecord): string => createHash('sha256').update(hashedText(r)).digest('hex');

/** Options of {@link KafkaAuditSink}. */
export interface AuditSinkOptions {
  producer: LogProducer;
  /** Stable id of the chain, e.g. `plumb-hooks/eu-west-1`. */
  chainId: string;
  topic?: string;
  /** Compacted topic for chain-head checkpoints; default `plumb.audit-checkpoints`. */
  checkpointTopic?: string;
  /**
   * The chain tail already in Kafka (from the handler's local file after a restart). When
   * set, the first record written must link to it.
   */
  resumeFrom?: { hash: string; seq: number };
}

export class KafkaAuditSink implements EventSink<AuditRecord> {
  private tail: { hash: string; seq: number } | undefined;
  private readonly topic: string;

  constructor(private readonly opts: AuditSinkOptions) {
    if (opts.chainId.trim() === '') throw new Error('audit sink: chainId must not be empty');
    this.topic = opts.topic ?? AUDIT_TOPIC;
    this.tail = opts.resumeFrom;
  }

  /**
   * Writes records that continue the chain. A broken link is a fault in the caller (the
   * local file and Kafka would disagree), so it throws before anything is sent.
   */
  async write(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const first = records[0] as AuditRecord;
    // Hashes and links both: the history of record accepts only what the handler's own check accepts.
    const check = verifyAuditChain(records, records.map(digest), this.tail ?? claimedTail(first));
    if (!check.ok) throw new Error(`audit chain ${this.opts.chainId}: record ${check.seq}: ${check.problem}`);
    await this.opts.producer.send(
      this.topic,
      records.map((r) => encodeAudit(this.opts.chainId, r)),
    );
    this.tail = { hash: check.lastHash, seq: check.lastSeq };
  }

  /**
   * Publishes a checkpoint of records this sink already wrote (acks=all), so the head is pinned
   * outside the handler's volume. Sent after the records: Kafka never holds a checkpoint ahead of
   * `plumb.audit`.
   */
  async anchor(c: Checkpoint): Promise<void> {
    if (this.tail === undefined || c.seq > this.tail.seq)
      throw new Error(`audit chain ${this.opts.chainId}: checkpoint at seq ${c.seq} is ahead of what was written`);
    await this.opts.producer.send(this.opts.checkpointTopic ?? AUDIT_CHECKPOINT_TOPIC, [encodeCheckpoint(this.opts.chainId, c)]);
  }

  close(): Promise<void> {
    return this.opts.producer.close();
  }
}
