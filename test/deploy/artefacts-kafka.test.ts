/**
 * The built artefacts (npm run build), started as users start them, against a real Kafka 3.9
 * broker serving SASL_SSL (SCRAM over TLS, certificates made here with openssl) and plaintext:
 * plumb history init, the exporter (from a copy of its dist/ with no node_modules beside it),
 * plumb-kafka-lag and plumb-hooks.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkajsClient } from '@plumb/history/log/kafkajs-client';
import type { LogClient } from '@plumb/history/log/port';
import { kafkaSecurityFromProcessEnv } from '@plumb/history/log/security';
import { AUDIT_CHECKPOINT_TOPIC, AUDIT_TOPIC, CHANGE_TOPIC, ONE_YEAR_MS, SNAPSHOT_TOPIC } from '@plumb/history/topics/topics';
import { startChild, type RunningChild } from '../support/child-process';
import { startSecureKafka, type SecureKafka } from '../support/kafka-tls';
import { freePort } from '@plumb/io';
import { EXAMPLE_SPEC } from './chart-values';
import { EXPORTER_NODE_FLAGS } from '@plumb/exporter/deploy/node-flags';

const REPO = resolve(import.meta.dirname, '../..');
const SALT = 'ab962577d083d7f5e0b2ab11c3cbe6935bdab5444cb2ad1d';
let kafka: SecureKafka;
let secureClient: LogClient;
let bare: string;
const running: RunningChild[] = [];

function plumb(args: string[], env: Record<string, string>): { code: number; out: string; err: string } {
  try {
    const out = execFileSync(process.execPath, [join(REPO, 'cli/bin/plumb.mjs'), ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, out, err: '' };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: x.stdout, err: x.stderr };
  }
}

async function changeCount(client: LogClient): Promise<number> {
  const admin = await client.admin();
  try {
    return (await admin.topicOffsets(CHANGE_TOPIC)).reduce((n, p) => n + p.high, 0);
  } finally {
    await admin.close();
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function exporter(brokers: string[], env: Record<string, string>, port: number): RunningChild {
  const spool = mkdtempSync(join(tmpdir(), 'plumb-spool-'));
  // As the DaemonSet and the systemd unit run it: plain node, small heap, the bundle alone.
  const c = startChild(
    process.execPath,
    [
      ...EXPORTER_NODE_FLAGS,
      join(bare, 'exporter/dist/plumb-exporter.mjs'),
      '--spec',
      EXAMPLE_SPEC,
      '--listen',
      `127.0.0.1:${port}`,
      '--interval',
      '1s',
      '--no-commands',
      '--platform',
      'emr',
      '--region',
      'eu-west-1',
      '--kafka-brokers',
      brokers.join(','),
      '--spool',
      join(spool, 'changes.spool'),
    ],
    { env: { PLUMB_SALT: SALT, ...env }, cwd: bare },
  );
  running.push(c);
  return c;
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(REPO, 'scripts/build-artefacts.mjs')], { stdio: 'ignore' });
  bare = mkdtempSync(join(tmpdir(), 'plumb-artefacts-'));
  cpSync(join(REPO, 'exporter/dist'), join(bare, 'exporter/dist'), { recursive: true });
  cpSync(join(REPO, 'history/dist'), join(bare, 'history/dist'), { recursive: true });
  kafka = await startSecureKafka();
  const sec = kafkaSecurityFromProcessEnv(kafka.env);
  if (!sec.ok) throw new Error(sec.error);
  secureClient = kafkajsClient({ brokers: kafka.broker.secureBrokers, clientId: 'plumb-test', security: sec.security });
}, 300_000);

afterAll(async () => {
  for (const c of running) await c.stop();
  await kafka?.dispose();
  if (bare) rmSync(bare, { recursive: true, force: true });
});

describe('plumb history init over SASL_SSL', () => {
  it('A wrong SCRAM password is refused, and the message does not carry the password.', () => {
    const badFile = join(mkdtempSync(join(tmpdir(), 'plumb-bad-')), 'pw');
    writeFileSync(badFile, 'wrong-password-123\n');
    const r = plumb(['history', 'init', '--brokers', kafka.broker.secureBrokers.join(','), '--replication-factor', '1'], {
      ...kafka.env,
      PLUMB_KAFKA_SASL_PASSWORD_FILE: badFile,
    });
    expect(r.code).toBe(1);
    expect(r.err).not.toContain('wrong-password-123');
  });

  it('Run twice, init creates the four topics once, the history topics with one-year retention.', async () => {
    const args = ['history', 'init', '--brokers', kafka.broker.secureBrokers.join(','), '--replication-factor', '1'];
    const first = plumb(args, kafka.env);
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toBe(`created ${CHANGE_TOPIC}\ncreated ${AUDIT_TOPIC}\ncreated ${AUDIT_CHECKPOINT_TOPIC}\ncreated ${SNAPSHOT_TOPIC}\n`);
    const second = plumb(args, kafka.env);
    expect(second).toMatchObject({ code: 0 });
    expect(second.out).toBe(`exists  ${CHANGE_TOPIC}\nexists  ${AUDIT_TOPIC}\nexists  ${AUDIT_CHECKPOINT_TOPIC}\nexists  ${SNAPSHOT_TOPIC}\n`);
    const admin = await secureClient.admin();
    expect(await admin.topicConfig(CHANGE_TOPIC, ['retention.ms'])).toEqual({ 'retention.ms': String(ONE_YEAR_MS) });
    await admin.close();
  });

  it('Init refuses a topic whose retention is shorter than the plan instead of trusting it.', () => {
    const r = plumb(['history', 'init', '--brokers', kafka.broker.brokers.join(','), '--replication-factor', '1', '--retention-days', '30'], {});
    expect(r.code).toBe(1);
    expect(r.err).toContain('retention.ms is 31536000000, expected 2592000000');
  });
});

describe('the exporter artefact', () => {
  it('Started from its dist/ alone with --kafka-brokers over SASL_SSL, it delivers change events.', async () => {
    const before = await changeCount(secureClient);
    const port = await freePort();
    const c = exporter(kafka.broker.secureBrokers, kafka.env, port);
    await c.waitFor(/plumb-exporter listening/);
    await until('change events over SASL_SSL', async () => (await changeCount(secureClient)) > before);
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^plumb_change_events_sent_total [1-9]\d*$/m);
    expect(metrics).toMatch(/^plumb_change_spool_records 0$/m);
    await c.stop();
    expect(c.output()).not.toMatch(/ERR_|Cannot find module/);
  });

  it('Over the plaintext listener with no security settings, it delivers change events too.', async () => {
    const before = await changeCount(secureClient);
    const c = exporter(kafka.broker.brokers, {}, await freePort());
    await c.waitFor(/plumb-exporter listening/);
    await until('change events over plaintext', async () => (await changeCount(secureClient)) > before);
    await c.stop();
  });

  it('A SASL mechanism it does not know stops it at start with exit 2, naming the variable.', async () => {
    const c = exporter(kafka.broker.secureBrokers, { PLUMB_KAFKA_SASL_MECHANISM: 'plain' }, await freePort());
    expect(await c.exited).toBe(2);
    expect(c.output()).toContain('PLUMB_KAFKA_SASL_MECHANISM');
  });
});

describe('plumb-kafka-lag and plumb-hooks artefacts', () => {
  it('plumb-kafka-lag from its dist/ alone reads the cluster over SASL_SSL and serves lag metrics.', async () => {
    const port = await freePort();
    const c = startChild(
      process.execPath,
      [join(bare, 'history/dist/plumb-kafka-lag.mjs'), '--brokers', kafka.broker.secureBrokers.join(','), '--listen', `127.0.0.1:${port}`],
      { env: kafka.env, cwd: bare },
    );
    running.push(c);
    let text = '';
    await until('lag metrics', async () => {
      text = await fetch(`http://127.0.0.1:${port}/metrics`).then(
        (r) => r.text(),
        () => '',
      );
      return /plumb_kafka_lag_collector_success 1/.test(text);
    });
    await c.stop();
  });

  it('plumb-hooks from its bundle connects its Kafka audit sink over SASL_SSL and serves.', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plumb-hooks-art-'));
    const config = join(dir, 'plumb-hooks.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        replica: 'from-file',
        listen: { host: '127.0.0.1', port: await freePort() },
        ledgerPath: join(dir, 'ledger.db'),
        auditPath: join(dir, 'audit.jsonl'),
        kube: { enabled: false },
        auth: { webhook: { bearer: { env: 'HOOKS_TOKEN' } } },
        auditKafka: { brokers: kafka.broker.secureBrokers },
      }),
    );
    const c = startChild(process.execPath, [join(REPO, 'alertmanager-hooks/dist/plumb-hooks.mjs'), '--config', config], {
      env: { ...kafka.env, HOOKS_TOKEN: 'x'.repeat(24), PLUMB_HOOKS_REPLICA: 'plumb-hooks-abc12' },
    });
    running.push(c);
    await c.waitFor(/listening on .* \(replica plumb-hooks-abc12\)/);
    await c.stop();
  });
});
