/**
 * The small interface Plumb uses to talk to a replicated log. kafkajs is in maintenance
 * mode, so everything outside `log/kafkajs-*` depends on these types only, and another
 * client can replace it by implementing them.
 */

/** A record to append. `key` decides the partition, so records with one key stay in order. */
export interface OutgoingRecord {
  key: string;
  value: string;
  headers?: Record<string, string>;
  /** Unix milliseconds; the broker's time when absent. */
  timestampMs?: number;
}

/** A record read back from the log. */
export interface StoredRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  timestampMs: number;
}

/** Appends records. `send` resolves only once the broker acknowledged every record. */
export interface LogProducer {
  send(topic: string, records: readonly OutgoingRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** Producer options shared by every Plumb producer. */
export interface ProducerOptions {
  /** Retries before `send` rejects. The change sink keeps this low and spools instead. */
  retries?: number;
  /** Per-request timeout in ms. */
  requestTimeoutMs?: number;
}

/** How a topic should look; created by `ensureTopics`. */
export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  config: Record<string, string>;
}

/** Per-partition offsets of a topic: `low` is the first readable offset, `high` the next to be written. */
export interface PartitionOffsets {
  partition: number;
  low: number;
  high: number;
}

/** A consumer-group member and the partitions it owns. */
export interface GroupMember {
  memberId: string;
  clientId: string;
  /** As the broker saw the connection, without the leading `/`. */
  clientHost: string;
  /** topic → partitions assigned to this member. */
  assignment: Record<string, number[]>;
}

/** A consumer group's description. */
export interface GroupInfo {
  groupId: string;
  state: string;
  members: GroupMember[];
}

/** A committed offset; -1 when the group never committed for the partition. */
export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** Admin operations Plumb needs: topics and consumer-group offsets. */
export interface LogAdmin {
  listTopics(): Promise<string[]>;
  /** Creates missing topics; returns the names it created. Existing topics are left as they are. */
  createTopics(specs: readonly TopicSpec[]): Promise<string[]>;
  /** Current config values of a topic, for the keys asked. */
  topicConfig(topic: string, keys: readonly string[]): Promise<Record<string, string>>;
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /**
   * Per partition, the first offset whose record timestamp is at or after `timestampMs`
   * (Kafka's ListOffsets by time), or the partition's end when there is none.
   */
  offsetsForTime(topic: string, timestampMs: number): Promise<{ partition: number; offset: number }[]>;
  /** Consumer groups (protocol type `consumer`) known to the cluster. */
  listConsumerGroups(): Promise<string[]>;
  describeGroups(groupIds: readonly string[]): Promise<GroupInfo[]>;
  committedOffsets(groupId: string): Promise<CommittedOffset[]>;
  close(): Promise<void>;
}

/** Options for reading a topic from the beginning to its current end. */
export interface ReadOptions {
  /** Give up (reject) when the end is not reached within this many ms. Default 120 000. */
  timeoutMs?: number;
}

/** Entry point of a log client: makes producers, admins and bounded readers. */
export interface LogClient {
  producer(opts?: ProducerOptions): Promise<LogProducer>;
  admin(): Promise<LogAdmin>;
  /**
   * Reads every partition from its first offset up to the end offsets taken when the read
   * starts, then stops. Records of one partition arrive in offset order.
   */
  readTopic(topic: string, onRecord: (r: StoredRecord) => void, opts?: ReadOptions): Promise<void>;
  /** Reads one partition from offset `from` (inclusive) to `to` (exclusive), in offset order. */
  readRange(range: PartitionRange, onRecord: (r: StoredRecord) => void, opts?: ReadOptions): Promise<void>;
  /** The partition the producer puts `key` in, for a topic of `partitions` partitions. */
  partitionFor(key: string, partitions: number): number;
}

/** Offsets `[from, to)` of one partition. */
export interface PartitionRange {
  topic: string;
  partition: number;
  from: number;
  to: number;
}
