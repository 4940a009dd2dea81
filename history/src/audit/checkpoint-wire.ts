/**
 * Chain-head checkpoints on Kafka (`plumb.audit-checkpoints`, schema
 * `plumb.audit-checkpoint/v1`), keyed by chain id. The topic is compacted: it
 * keeps at least the newest checkpoint of every chain for ever, whatever the
 * retention of `plumb.audit`, so a chain can be checked against its head long
 * after its file or its checkpoint file was removed.
 */
import { z } from 'zod';
import type { LogClient, OutgoingRecord } from '../log/port';
import type { Checkpoint } from './checkpoint';
import { decodeJsonWith } from './encode';

export const CHECKPOINT_SCHEMA = 'plumb.audit-checkpoint/v1';

const CheckpointBodySchema = z.strictObject({
  schema: z.literal(CHECKPOINT_SCHEMA),
  chainId: z.string().min(1),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  atMs: z.number(),
  mac: z.string().optional(),
});
export type CheckpointBody = z.infer<typeof CheckpointBodySchema>;

export function encodeCheckpoint(chainId: string, c: Checkpoint): OutgoingRecord {
  const body: CheckpointBody = { schema: CHECKPOINT_SCHEMA, chainId, seq: c.seq, hash: c.hash, atMs: c.atMs, ...(c.mac ? { mac: c.mac } : {}) };
  return { key: chainId, value: JSON.stringify(body), headers: { 'plumb-schema': CHECKPOINT_SCHEMA, 'plumb-chain': chainId }, timestampMs: c.atMs };
}

/** Parses a stored checkpoint; `undefined` for anything that is not `plumb.audit-checkpoint/v1`. */
export const decodeCheckpoint = (value: string | null): CheckpointBody | undefined => decodeJsonWith(CheckpointBodySchema, value);

/** The checkpoints of the topic as JSON lines per chain id (the form `verifyCheckpoints` reads), and what could not be decoded. */
export async function readCheckpoints(client: LogClient, topic: string): Promise<{ byChain: Map<string, string[]>; rejected: string[] }> {
  const byChain = new Map<string, string[]>();
  const rejected: string[] = [];
  await client.readTopic(topic, (r) => {
    const c = decodeCheckpoint(r.value);
    if (c === undefined) return void rejected.push(`${topic}[${r.partition}]@${r.offset}: not a ${CHECKPOINT_SCHEMA} record`);
    const { schema: _s, chainId, ...checkpoint } = c;
    byChain.set(chainId, [...(byChain.get(chainId) ?? []), JSON.stringify(checkpoint)]);
  });
  return { byChain, rejected };
}
