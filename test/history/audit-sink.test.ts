/**
 * The audit sink against a real broker: records are acknowledged before `write` resolves,
 * the chain continues across a handler restart (a second sink resuming from the tail), a
 * broken link is refused before anything is sent, and a down broker makes `write` reject.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashedText, linkRecord, verifyAuditChain } from '@plumb/core/audit/chain';
import type { AuditRecord } from '@plumb/core/state/events';
import { KafkaAuditSink } from '@plumb/history/audit/audit-sink';
import { decodeAudit, type AuditRecordBody } from '@plumb/history/audit/encode';
import { kafkajsClient } from '@plumb/history/log/kafkajs-client';
import { AUDIT_TOPIC } from '@plumb/history/topics/topics';
import { useTestKafka } from '../support/kafka-broker';

const kafka = useTestKafka({ topics: true });

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Builds the next chained record the way the handler does. */
function chained(prev: { hash: string; seq: number }, kind: string, data: Record<string, unknown>): AuditRecord {
  return linkRecord({ atMs: Date.now(), actor: 'plumb-hooks/eu-west-1-a', kind, data }, prev, sha256);
}

async function readChain(chainId: string): Promise<AuditRecordBody[]> {
  const out: AuditRecordBody[] = [];
  await kafka.client.readTopic(AUDIT_TOPIC, (r) => {
    const a = decodeAudit(r.value);
    if (a && a.chainId === chainId) {
      expect(r.key).toBe(chainId);
      out.push(a);
    }
  });
  return out;
}

describe('audit sink', () => {
  it('continues one unbroken chain across a handler restart', async () => {
    const chainId = 'plumb-hooks/eu-west-1';
    let tail = { hash: GENESIS_HASH, seq: 0 };
    const first = new KafkaAuditSink({ producer: await kafka.client.producer(), chainId });
    for (const kind of ['decision', 'action.started', 'action.succeeded']) {
      const r = chained(tail, kind, { node: 'n1', playbook: 'quarantine' });
      await first.write([r]);
      tail = { hash: r.hash, seq: r.seq };
    }
    await first.close();
    // After the restart the handler reads its tail from the local file and resumes.
    const second = new KafkaAuditSink({ producer: await kafka.client.producer(), chainId, resumeFrom: tail });
    const batch: AuditRecord[] = [];
    for (const kind of ['decision', 'action.started']) {
      const r = chained(tail, kind, { node: 'n2' });
      batch.push(r);
      tail = { hash: r.hash, seq: r.seq };
    }
    await second.write(batch);
    const stored = await readChain(chainId);
    expect(stored.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    const records = stored.map(({ chainId: _chainId, schema: _schema, ...r }) => r);
    expect(
      verifyAuditChain(
        records,
        records.map((r) => sha256(hashedText(r))),
      ),
    ).toMatchObject({ ok: true, records: 5, lastHash: tail.hash });

    // A record that does not link to the tail is refused before anything is sent.
    const stray = chained({ hash: 'f'.repeat(64), seq: 5 }, 'decision', {});
    await expect(second.write([stray])).rejects.toThrow(/audit chain plumb-hooks\/eu-west-1: record 6: .*prevHash/);
    expect(await readChain(chainId)).toHaveLength(5);
    await second.close();
  });

  it('rejects a write when the broker is down, so the handler does not act', async () => {
    const fast = kafkajsClient({ brokers: kafka.broker.brokers, connectRetries: 1 });
    const sink = new KafkaAuditSink({ producer: await fast.producer({ retries: 1, requestTimeoutMs: 3_000 }), chainId: 'plumb-hooks/down' });
    await kafka.broker.stop();
    try {
      await expect(sink.write([chained({ hash: GENESIS_HASH, seq: 0 }, 'decision', {})])).rejects.toThrow();
    } finally {
      await sink.close().catch(() => undefined);
      await kafka.broker.start();
    }
    expect(await readChain('plumb-hooks/down')).toHaveLength(0);
  });
});
