/**
 * Kafka down for a minute in the middle of an alert storm, against a real
 * broker: acks and decisions never wait for Kafka, the backlog and its age are
 * metrics, and when the broker returns every record reaches plumb.audit in
 * order, the chain unbroken, nothing lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaAuditSink } from '@plumb/history/wire';
import { readAuditRecords } from '@plumb/history/history/read';
import { verifyAuditChains } from '@plumb/history/audit/verify-chains';
import type { LogClient } from '@plumb/history/log/port';
import { AUDIT_TOPIC } from '@plumb/history/topics/topics';
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';
import { startTestKafka, type KafkaBroker } from '../../support/kafka-broker';
import { TOKEN_ENV, config, driftLabels, post, readAudit, until, webhookBody } from '../fixtures';

const OUTAGE_MS = Number(process.env.PLUMB_CHAOS_KAFKA_OUTAGE_MS ?? 60_000);
let broker: KafkaBroker;
let client: LogClient;
let handler: RunningHandler;
let auditPath: string;

beforeAll(async () => {
  ({ broker, client } = await startTestKafka({ topics: true }));
  const cfg = config({ replica: 'kafka-outage', modes: { default: 'dry-run' }, kube: { enabled: false }, processEvery: '100ms' });
  auditPath = cfg.auditPath;
  const started = await startHandler(cfg, {
    kube: null,
    env: { ...process.env, ...TOKEN_ENV },
    auditSink: (from) => createKafkaAuditSink({ brokers: broker.brokers, chainId: 'plumb-hooks/kafka-outage', ...(from ? { resumeFrom: from } : {}) }),
  });
  if (!started.ok) throw new Error(started.errors.join('\n'));
  handler = started.handler;
}, 120_000);
afterAll(async () => {
  await handler?.stop();
  await broker?.dispose();
});

const metric = async (name: string) => {
  const text = await (await fetch(`${handler.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
};
let n = 0;
const storm = async (alerts: number) => {
  const statuses: number[] = [];
  for (let i = 0; i < alerts; i += 10) {
    const batch = Array.from({ length: 10 }, () => ({ labels: driftLabels({ node: `ko-${n++}` }) }));
    statuses.push((await post(`${handler.url}/hooks/alertmanager`, webhookBody(batch))).status);
  }
  return statuses;
};

describe('Kafka down for a minute during a storm', () => {
  it(
    'keeps deciding, keeps an ordered backlog with its lag, and delivers all of it when Kafka returns',
    async () => {
      expect(await storm(50)).toEqual(Array(5).fill(200));
      await until('the first records on Kafka', async () => ((await metric('plumb_hooks_audit_backlog_records')) === 0 ? true : undefined), 30_000, 200);

      await broker.stop();
      const localBefore = readAudit(auditPath).length;
      const t0 = Date.now();
      const acks: number[] = [];
      while (Date.now() - t0 < OUTAGE_MS) {
        acks.push(...(await storm(20)));
        await new Promise((r) => setTimeout(r, 1_000));
      }
      // Decisions went on while Kafka was away; the backlog shows it.
      expect(acks.every((s) => s === 200)).toBe(true);
      expect(readAudit(auditPath).length).toBeGreaterThan(localBefore + acks.length * 10 * 0.9);
      expect(await metric('plumb_hooks_audit_backlog_records')).toBeGreaterThan(0);
      expect(await metric('plumb_hooks_audit_forward_lag_seconds')).toBeGreaterThan(OUTAGE_MS / 2000);

      await broker.restart();
      await until('the backlog to drain', async () => ((await metric('plumb_hooks_audit_backlog_records')) === 0 ? true : undefined), 120_000, 500);
      const local = readAudit(auditPath);
      const remote = (await readAuditRecords(client, AUDIT_TOPIC)).items.filter((r) => r.chainId === 'plumb-hooks/kafka-outage');
      const [chain] = verifyAuditChains(remote);
      expect(chain).toMatchObject({ ok: true, firstSeq: 1, lastSeq: local.at(-1)!.seq });
      expect(new Set(remote.map((r) => r.hash))).toEqual(new Set(local.map((r) => r.hash)));
    },
    OUTAGE_MS + 240_000,
  );
});
