/**
 * The audit file anchored in Kafka, against a real broker: the handler publishes
 * a signed chain-head checkpoint to `plumb.audit-checkpoints` after each batch
 * Kafka acknowledged, so a deleted tail or a re-linked rewrite is caught by
 * `plumb audit verify --kafka-brokers` even when the checkpoint file beside the
 * audit file was removed or rewritten too, and `plumb history` checks the
 * chains it reads against the same checkpoints.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { linkRecord } from '@plumb/alertmanager-hooks/audit/chain';
import { runAuditCli } from '@plumb/alertmanager-hooks/audit-cli';
import type { AuditRecord } from '@plumb/core/state/events';
import { makeCheckpoint } from '@plumb/history/audit/checkpoint';
import { readCheckpoints } from '@plumb/history/audit/checkpoint-wire';
import { AUDIT_CHECKPOINT_TOPIC } from '@plumb/history/topics/topics';
import { runHistoryCli } from '@plumb/history/cli';
import { useKafkaAuditedHandler } from '../../support/handler';
import { TOKEN_ENV, config, driftLabels, handlerMetric, post, until, webhookBody } from '../fixtures';

const CHAIN = 'plumb-hooks/anchor';
const ANCHOR_KEY = 'anchor-key-0123456789';
const ENV = { ...process.env, ...TOKEN_ENV, ANCHOR_KEY };
const kafka = useKafkaAuditedHandler({
  chainId: CHAIN,
  config: () => config({ replica: 'anchor', modes: { default: 'dry-run' }, kube: { enabled: false }, auditCheckpointKey: { env: 'ANCHOR_KEY' } }),
  env: { ...TOKEN_ENV, ANCHOR_KEY },
});

beforeAll(async () => {
  const { handler } = kafka;
  for (let i = 0; i < 4; i++) {
    const alerts = Array.from({ length: 5 }, (_, j) => ({ labels: driftLabels({ node: `anchor-${i}-${j}` }) }));
    expect((await post(`${handler.url}/hooks/alertmanager`, webhookBody(alerts))).status).toBe(200);
  }
  const backlog = () => handlerMetric(handler, 'plumb_hooks_audit_backlog_records');
  await until('every record and checkpoint in Kafka', async () => ((await backlog()) === 0 ? true : undefined), 60_000, 200);
  await kafka.handler.stop();
}, 180_000);

const verify = async (path: string, ...extra: string[]) => {
  const out: string[] = [];
  const code = await runAuditCli(
    ['verify', path, '--key-env', 'ANCHOR_KEY', ...extra],
    (s) => out.push(s),
    (s) => out.push(s),
    ENV,
  );
  return { code, out: out.join('') };
};
const withKafka = () => ['--kafka-brokers', kafka.broker.brokers.join(','), '--chain-id', CHAIN];
const records = (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as AuditRecord);
/** Rewrites the file and re-links it from the first record on, then forges a matching checkpoint file, as someone covering tracks with the file's volume would. */
function rewriteAndForge(path: string, original: string, edit: (r: AuditRecord) => AuditRecord): void {
  let prev: AuditRecord | undefined;
  const relinked = records(original).map((r) => {
    const e = edit(r);
    prev = linkRecord({ atMs: e.atMs, actor: e.actor, kind: e.kind, data: e.data }, prev);
    return prev;
  });
  writeFileSync(path, relinked.map((r) => `${JSON.stringify(r)}\n`).join(''));
  writeFileSync(`${path}.checkpoints`, `${JSON.stringify(makeCheckpoint(prev!, prev!.atMs, ENV.ANCHOR_KEY))}\n`);
}

describe('audit checkpoints in Kafka', () => {
  it('verifies an intact file against the checkpoints in Kafka', async () => {
    expect(await verify(kafka.auditPath, ...withKafka())).toMatchObject({
      code: 0,
      out: expect.stringMatching(/Kafka checkpoints \(signatures valid\) up to seq \d+ match/),
    });
  });

  it('catches a deleted tail when the checkpoint file was removed too', async () => {
    const original = readFileSync(kafka.auditPath, 'utf8');
    const checkpoints = readFileSync(`${kafka.auditPath}.checkpoints`, 'utf8');
    try {
      // Cut from the last record Kafka anchored on: records after it may never have reached Kafka.
      const { byChain } = await readCheckpoints(kafka.client, AUDIT_CHECKPOINT_TOPIC);
      const anchored = Math.max(...(byChain.get(CHAIN) ?? []).map((l) => (JSON.parse(l) as { seq: number }).seq));
      writeFileSync(
        kafka.auditPath,
        `${original
          .split('\n')
          .slice(0, anchored - 1)
          .join('\n')}\n`,
      );
      rmSync(`${kafka.auditPath}.checkpoints`);
      expect(await verify(kafka.auditPath, ...withKafka())).toMatchObject({ code: 1, out: expect.stringContaining('records were deleted from the end') });
    } finally {
      writeFileSync(kafka.auditPath, original);
      writeFileSync(`${kafka.auditPath}.checkpoints`, checkpoints);
    }
  });

  it('catches a re-linked rewrite whose checkpoint file was forged to match', async () => {
    const original = readFileSync(kafka.auditPath, 'utf8');
    const checkpoints = readFileSync(`${kafka.auditPath}.checkpoints`, 'utf8');
    try {
      rewriteAndForge(kafka.auditPath, original, (r) => (r.seq === 1 ? { ...r, actor: 'someone-else' } : r));
      // The file and its forged checkpoints agree: only Kafka can tell.
      expect(await verify(kafka.auditPath)).toMatchObject({ code: 0 });
      expect(await verify(kafka.auditPath, ...withKafka())).toMatchObject({ code: 1, out: expect.stringContaining('the file was rewritten') });
    } finally {
      writeFileSync(kafka.auditPath, original);
      writeFileSync(`${kafka.auditPath}.checkpoints`, checkpoints);
    }
  });

  it('refuses a chain Kafka holds no checkpoint of, instead of calling it anchored', async () => {
    expect(await verify(kafka.auditPath, '--kafka-brokers', kafka.broker.brokers.join(','), '--chain-id', 'plumb-hooks/unknown')).toMatchObject({
      code: 1,
      out: expect.stringContaining('UNANCHORED: Kafka holds no checkpoint'),
    });
  });

  it('lets plumb history say the chain it read matches its checkpoints', async () => {
    const err: string[] = [];
    await runHistoryCli(['changes', '--key-env', 'ANCHOR_KEY'], { client: kafka.client, env: ENV, out: () => {}, err: (s) => err.push(s) });
    expect(err.join('')).toMatch(new RegExp(`audit chain ${CHAIN}: \\d+ checkpoints in plumb.audit-checkpoints up to seq \\d+ match`));
  });
});
