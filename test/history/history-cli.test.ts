/**
 * `plumb history` against a real broker: a scenario of changes (a drift, a remediation
 * that reverts it, an out-of-band hotfix) is written through the real sinks, and the CLI
 * reconstructs node configuration at given times and lists who changed what.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkRecord } from '@plumb/core/audit/chain';
import type { AuditRecord, ChangeEvent } from '@plumb/core/state/events';
import { KafkaAuditSink } from '@plumb/history/audit/audit-sink';
import { KafkaChangeSink } from '@plumb/history/change/change-sink';
import { ChangeSpool } from '@plumb/history/change/spool';
import { runHistoryCli } from '@plumb/history/cli';
import type { LogClient } from '@plumb/history/log/port';
import { startTestKafka, type KafkaBroker } from '../support/kafka-broker';

const T = (hhmm: string): number => Date.parse(`2026-03-02T${hhmm}:00Z`);
const ev = (
  node: string,
  dimension: string,
  seq: number,
  at: string,
  oldHash: string | undefined,
  newHash: string | undefined,
  value?: string,
): ChangeEvent => ({
  eventId: `${node}:spark-streaming:${dimension}:${seq}`,
  node,
  region: 'eu-west-1',
  workload: 'spark-streaming',
  dimension,
  seq,
  observedAtMs: T(at),
  ...(oldHash ? { oldHash } : {}),
  ...(newHash ? { newHash } : {}),
  ...(value ? { value } : {}),
});
const SCENARIO: ChangeEvent[] = [
  ev('n1', 'spark.sql.session.timeZone', 1, '08:00', undefined, 'h-utc-000000000', 'UTC'),
  ev('n1', 'fetch.min.bytes', 2, '08:00', undefined, 'h-1mib-00000000', '1048576'),
  ev('n2', 'spark.sql.session.timeZone', 1, '08:00', undefined, 'h-utc-000000000', 'UTC'),
  // A hotfix during an incident drifts n1 …
  ev('n1', 'spark.sql.session.timeZone', 3, '09:30', 'h-utc-000000000', 'h-est-000000000', 'America/New_York'),
  // … and a remediation restores it.
  ev('n1', 'spark.sql.session.timeZone', 4, '10:05', 'h-est-000000000', 'h-utc-000000000', 'UTC'),
  ev('n1', 'fetch.min.bytes', 5, '11:00', 'h-1mib-00000000', undefined),
];

let broker: KafkaBroker;
let client: LogClient;
let brokers: string;
beforeAll(async () => {
  ({ broker, client } = await startTestKafka({ topics: true }));
  brokers = broker.brokers.join(',');
  const sink = new KafkaChangeSink({
    connect: () => client.producer(),
    spool: new ChangeSpool(join(mkdtempSync(join(tmpdir(), 'plumb-h-')), 's.jsonl'), { maxRecords: 100, maxBytes: 1 << 20 }),
  });
  await sink.write(SCENARIO);
  await sink.write(SCENARIO.slice(3, 4)); // an at-least-once redelivery
  await sink.close();
  const action: AuditRecord = linkRecord(
    {
      atMs: T('10:03'),
      actor: 'plumb-hooks/eu-west-1',
      kind: 'action.succeeded',
      data: { node: 'n1', workload: 'spark-streaming', actionId: 'act-42', playbook: 'restart' },
    },
    undefined,
    (text) => createHash('sha256').update(text).digest('hex'),
  );
  const audit = new KafkaAuditSink({ producer: await client.producer(), chainId: 'plumb-hooks/eu-west-1' });
  await audit.write([action]);
  await audit.close();
});
afterAll(async () => {
  await broker?.dispose();
});

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runHistoryCli([...argv, '--brokers', brokers], { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('plumb history config', () => {
  const cases: [string, string, Record<string, string>][] = [
    ['before the hotfix n1 runs UTC with 1 MiB fetches', '2026-03-02T09:00:00Z', { 'spark.sql.session.timeZone': 'UTC', 'fetch.min.bytes': '1048576' }],
    ['during the hotfix n1 runs America/New_York', '2026-03-02T09:45:00Z', { 'spark.sql.session.timeZone': 'America/New_York', 'fetch.min.bytes': '1048576' }],
    ['after the remediation and the removal only UTC is left', '2026-03-02T12:00:00+01:00', { 'spark.sql.session.timeZone': 'UTC' }],
  ];
  it.each(cases)('%s', async (_n, at, expected) => {
    const { code, out } = await cli(['config', '--node', 'n1', '--at', at, '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { entries: { dimension: string; value?: string }[] };
    expect(Object.fromEntries(parsed.entries.map((e) => [e.dimension, e.value]))).toEqual(expected);
  });

  it('prints a table by default', async () => {
    const { code, out } = await cli(['config', '--node', 'n1', '--at', '2026-03-02T09:45:00Z']);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^WORKLOAD\s+DIMENSION\s+HASH\s+VALUE\s+SINCE$/);
    expect(out).toContain('h-est-000000000');
  });

  it('exits 1 for a node with no history', async () => {
    const { code, err } = await cli(['config', '--node', 'n9', '--at', '2026-03-02T09:45:00Z']);
    expect(code).toBe(1);
    expect(err).toContain('no configuration recorded for node n9');
  });

  it('exits 2 with a clear message for a time that is not RFC 3339', async () => {
    const { code, err } = await cli(['config', '--node', 'n1', '--at', 'yesterday']);
    expect(code).toBe(2);
    expect(err).toContain('--at must be an RFC 3339 time');
  });
});

describe('plumb history changes', () => {
  it('lists each change once, in order, attributing the remediation and flagging the hotfix', async () => {
    const { code, out } = await cli(['changes', '--node', 'n1', '--since', '2026-03-02T09:00:00Z', '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as { at: string; dimension: string; newHash?: string; by: string }[];
    expect(rows.map((r) => [r.at, r.dimension, r.newHash ?? '-', r.by])).toEqual([
      ['2026-03-02T09:30:00.000Z', 'spark.sql.session.timeZone', 'h-est-000000000', 'unattributed'],
      ['2026-03-02T10:05:00.000Z', 'spark.sql.session.timeZone', 'h-utc-000000000', 'plumb-hooks/eu-west-1 action.succeeded (act-42)'],
      ['2026-03-02T11:00:00.000Z', 'fetch.min.bytes', '-', 'unattributed'],
    ]);
  });

  it('exits 1 when nothing changed in the window', async () => {
    const { code } = await cli(['changes', '--since', '2027-01-01T00:00:00Z']);
    expect(code).toBe(1);
  });
});
