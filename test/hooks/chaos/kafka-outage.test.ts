/**
 * Kafka down for a minute in the middle of an alert storm, against a real
 * broker: acks and decisions never wait for Kafka, the backlog and its age are
 * metrics, and when the broker returns every record reaches plumb.audit in
 * order, the chain unbroken, nothing lost.
 */
import { describe, expect, it } from 'vitest';
import { readAuditRecords } from '@plumb/history/history/read';
import { verifyAuditChains } from '@plumb/history/audit/verify-chains';
import { AUDIT_TOPIC } from '@plumb/history/topics/topics';
import { useKafkaAuditedHandler } from '../../support/handler';
import { TOKEN_ENV, config, driftLabels, handlerMetric, post, readAudit, until, webhookBody } from '../fixtures';

const OUTAGE_MS = Number(process.env.PLUMB_CHAOS_KAFKA_OUTAGE_MS ?? 60_000);
const kafka = useKafkaAuditedHandler({
  chainId: 'plumb-hooks/kafka-outage',
  config: () => config({ replica: 'kafka-outage', modes: { default: 'dry-run' }, kube: { enabled: false }, processEvery: '100ms' }),
  env: TOKEN_ENV,
});

const metric = (name: string) => handlerMetric(kafka.handler, name);
let n = 0;
const storm = async (alerts: number) => {
  const statuses: number[] = [];
  for (let i = 0; i < alerts; i += 10) {
    const batch = Array.from({ length: 10 }, () => ({ labels: driftLabels({ node: `ko-${n++}` }) }));
    statuses.push((await post(`${kafka.handler.url}/hooks/alertmanager`, webhookBody(batch))).status);
  }
  return statuses;
};

describe('Kafka down for a minute during a storm', () => {
  it(
    'keeps deciding, keeps an ordered backlog with its lag, and delivers all of it when Kafka returns',
    async () => {
      expect(await storm(50)).toEqual(Array(5).fill(200));
      await until('the first records on Kafka', async () => ((await metric('plumb_hooks_audit_backlog_records')) === 0 ? true : undefined), 30_000, 200);

      await kafka.broker.stop();
      const localBefore = readAudit(kafka.auditPath).length;
      const t0 = Date.now();
      const acks: number[] = [];
      while (Date.now() - t0 < OUTAGE_MS) {
        acks.push(...(await storm(20)));
        await new Promise((r) => setTimeout(r, 1_000));
      }
      // Decisions went on while Kafka was away; the backlog shows it.
      expect(acks.every((s) => s === 200)).toBe(true);
      expect(readAudit(kafka.auditPath).length).toBeGreaterThan(localBefore + acks.length * 10 * 0.9);
      expect(await metric('plumb_hooks_audit_backlog_records')).toBeGreaterThan(0);
      expect(await metric('plumb_hooks_audit_forward_lag_seconds')).toBeGreaterThan(OUTAGE_MS / 2000);

      await kafka.broker.restart();
      await until('the backlog to drain', async () => ((await metric('plumb_hooks_audit_backlog_records')) === 0 ? true : undefined), 120_000, 500);
      const local = readAudit(kafka.auditPath);
      const remote = (await readAuditRecords(kafka.client, AUDIT_TOPIC)).items.filter((r) => r.chainId === 'plumb-hooks/kafka-outage');
      const [chain] = verifyAuditChains(remote);
      expect(chain).toMatchObject({ ok: true, firstSeq: 1, lastSeq: local.at(-1)!.seq });
      expect(new Set(remote.map((r) => r.hash))).toEqual(new Set(local.map((r) => r.hash)));
    },
    OUTAGE_MS + 240_000,
  );
});
