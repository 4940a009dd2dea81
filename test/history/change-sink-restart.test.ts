/**
 * The change sink against a real broker that restarts in the middle of production:
 * nothing is lost, per-node order holds, a consumer deduplicating on eventId sees every
 * event exactly once, and a planted secret reaches neither the topic nor the spool.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashValue } from '@plumb/core/hash/hash';
import type { ChangeEvent } from '@plumb/core/state/events';
import { KafkaChangeSink, SpoolFullError } from '@plumb/history/change/change-sink';
import { ChangeSpool } from '@plumb/history/change/spool';
import { decodeChange } from '@plumb/history/change/encode';
import { kafkajsClient } from '@plumb/history/log/kafkajs-client';
import type { LogClient, StoredRecord } from '@plumb/history/log/port';
import { ensureTopics } from '@plumb/history/topics/ensure-topics';
import { CHANGE_TOPIC, ONE_YEAR_MS } from '@plumb/history/topics/topics';
import { freePort } from '@plumb/io';
import { startTestKafka, type KafkaBroker } from '../support/kafka-broker';

const SECRET = 'PLANTED-db-password-9f3c1e77';
const salt = new TextEncoder().encode('test-fleet-salt');
const NODES = ['ip-10-1-0-1', 'ip-10-1-0-2', 'ip-10-1-0-3'];
const seqs = new Map<string, number>();

/** One change per node per call; every fifth is the secret dimension, sent as a hash only. */
function nextBatch(): ChangeEvent[] {
  return NODES.map((node) => {
    const seq = (seqs.get(node) ?? 0) + 1;
    seqs.set(node, seq);
    const secret = seq % 5 === 0;
    const dimension = secret ? 'env.DB_PASSWORD' : 'spark.sql.shuffle.partitions';
    const e: ChangeEvent = {
      eventId: `${node}:spark-batch:${dimension}:${seq}`,
      node,
      region: 'eu-west-1',
      workload: 'spark-batch',
      dimension,
      newHash: hashValue(salt, dimension, secret ? `${SECRET}-${seq}` : String(seq)),
      observedAtMs: Date.now(),
      seq,
    };
    if (!secret) e.value = String(seq);
    // A collector bug that attaches the raw value must not leak it either.
    if (secret) Object.assign(e, { raw: SECRET });
    return e;
  });
}

let broker: KafkaBroker;
let client: LogClient;

beforeAll(async () => {
  ({ broker, client } = await startTestKafka());
});
afterAll(async () => {
  await broker?.dispose();
});

async function readAll(topic: string): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  await client.readTopic(topic, (r) => out.push(r));
  return out;
}

describe('topics', () => {
  it('are created with one-year delete retention, and a second ensure leaves them alone', async () => {
    const admin = await client.admin();
    try {
      const first = await ensureTopics(admin, { changePartitions: 3 });
      expect(first).toMatchObject({ ok: true, created: [CHANGE_TOPIC, 'plumb.audit', 'plumb.audit-checkpoints', 'plumb.config-snapshots'] });
      const cfg = await admin.topicConfig(CHANGE_TOPIC, ['retention.ms', 'cleanup.policy']);
      expect(cfg).toEqual({ 'retention.ms': String(ONE_YEAR_MS), 'cleanup.policy': 'delete' });
      const again = await ensureTopics(admin, { retentionMs: 86_400_000 });
      expect(again).toMatchObject({ ok: true, created: [], existing: [CHANGE_TOPIC, 'plumb.audit', 'plumb.audit-checkpoints', 'plumb.config-snapshots'] });
      if (again.ok) expect(again.mismatches.join('\n')).toMatch(/retention.ms is 31536000000, expected 86400000/);
    } finally {
      await admin.close();
    }
  });
});

describe('change sink across a broker restart', () => {
  it('loses nothing, keeps per-node order and lets a deduplicating consumer see each event once', async () => {
    const spoolPath = join(mkdtempSync(join(tmpdir(), 'plumb-spool-')), 'changes.jsonl');
    // As in production: few connection retries, so an outage reaches the spool in ~100 ms.
    const fast = kafkajsClient({ brokers: broker.brokers, connectRetries: 1 });
    const sink = new KafkaChangeSink({
      connect: () => fast.producer({ retries: 1, requestTimeoutMs: 5_000 }),
      spool: new ChangeSpool(spoolPath, { maxRecords: 100_000, maxBytes: 64 << 20 }),
    });
    const sent: ChangeEvent[] = [];
    const write = async (): Promise<void> => {
      const b = nextBatch();
      await sink.write(b);
      sent.push(...b);
    };
    // Production runs on while the broker shuts down, stays down and comes back.
    const during = async (p: Promise<void>): Promise<void> => {
      let done = false;
      void p.then(
        () => (done = true),
        () => (done = true),
      );
      while (!done) {
        await write();
        if (existsSync(spoolPath)) spoolSnapshot += readFileSync(spoolPath, 'utf8');
        await new Promise((r) => setTimeout(r, 20));
      }
      await p;
    };
    let spoolSnapshot = '';
    for (let i = 0; i < 100; i++) await write();
    const t0 = performance.now();
    await during(broker.stop());
    for (let i = 0; i < 10; i++) await write();
    spoolSnapshot += readFileSync(spoolPath, 'utf8');
    await during(broker.start());
    process.stdout.write(`restart: broker was unavailable for ${Math.round(performance.now() - t0)} ms\n`);
    for (let i = 0; i < 100; i++) await write();
    while (sink.stats().spoolRecords > 0) {
      await sink.replay();
      await new Promise((r) => setTimeout(r, 200));
    }
    const stats = sink.stats();
    await sink.close();
    // The outage was real: some events went through the spool.
    expect(stats.spooled).toBeGreaterThanOrEqual(30);
    expect(stats.replayed).toBe(stats.spooled);
    expect(stats.rejected).toBe(0);

    const records = await readAll(CHANGE_TOPIC);
    const seen = new Set<string>();
    const firstSeen: ChangeEvent[] = [];
    for (const r of records) {
      const d = decodeChange(r.value, `${r.partition}@${r.offset}`);
      expect(d.ok).toBe(true);
      if (!d.ok) continue;
      expect(r.key).toBe(d.event.node);
      if (seen.has(d.event.eventId)) continue;
      seen.add(d.event.eventId);
      firstSeen.push(d.event);
    }
    expect(firstSeen).toHaveLength(sent.length);
    expect(new Set(sent.map((e) => e.eventId))).toEqual(seen);
    for (const node of NODES) {
      const order = firstSeen.filter((e) => e.node === node).map((e) => e.seq);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    process.stdout.write(
      `restart: ${sent.length} events, ${stats.spooled} via spool, ${records.length - firstSeen.length} raw duplicates removed by eventId\n`,
    );

    // No secret in clear anywhere: not in the topic, not in the spool while it held events.
    expect(spoolSnapshot.length).toBeGreaterThan(0);
    expect(spoolSnapshot).not.toContain(SECRET);
    expect(records.map((r) => `${r.key} ${r.value} ${JSON.stringify(r.headers)}`).join('\n')).not.toContain(SECRET);
    expect(records.some((r) => r.value?.includes('env.DB_PASSWORD'))).toBe(true);
  });
});

describe('change sink with no broker', () => {
  it('spools until the spool is full, then refuses writes and counts the refusal', async () => {
    const deadPort = await freePort();
    const dead = kafkajsClient({ brokers: [`127.0.0.1:${deadPort}`], connectRetries: 0 });
    const spoolPath = join(mkdtempSync(join(tmpdir(), 'plumb-spool-')), 'changes.jsonl');
    const sink = new KafkaChangeSink({
      connect: () => dead.producer({ retries: 0 }),
      spool: new ChangeSpool(spoolPath, { maxRecords: 7, maxBytes: 1 << 20 }),
    });
    await sink.write(nextBatch());
    await sink.write(nextBatch());
    await expect(sink.write(nextBatch())).rejects.toBeInstanceOf(SpoolFullError);
    expect(sink.stats()).toMatchObject({ spooled: 6, rejected: 3, spoolRecords: 6, sent: 0 });
    expect(readFileSync(spoolPath, 'utf8').trim().split('\n')).toHaveLength(6);
    await sink.close();
  });
});
