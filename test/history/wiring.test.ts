/**
 * The entry points wired to Kafka, against a real broker: plumb-exporter started with
 * --kafka-brokers sends its change events to plumb.config-changes (planted secrets stay
 * out), and plumb-hooks started with `auditKafka` writes the same hash-chained records
 * to plumb.audit that it writes to its local file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main as exporterMain } from '@plumb/exporter/main';
import { decodeAudit } from '@plumb/history/audit/encode';
import { decodeChange } from '@plumb/history/change/encode';
import { AUDIT_TOPIC, CHANGE_TOPIC } from '@plumb/history/topics/topics';
import { configDoc, driftLabels, post, readAudit, TOKEN_ENV, until, webhookBody } from '../hooks/fixtures';
import { freePort } from '@plumb/io';
import { useTestKafka } from '../support/kafka-broker';

const root = resolve(import.meta.dirname, '../..');
const kafka = useTestKafka({ topics: true });

describe('entry points wired to Kafka', () => {
  it('plumb-exporter --kafka-brokers sends change events to plumb.config-changes, without the planted secrets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plumb-wiring-'));
    const out: string[] = [];
    const code = await exporterMain(
      [
        '--spec',
        join(root, 'exporter/testdata/hosts/spec.yaml'),
        '--root',
        join(root, 'exporter/testdata/hosts/spark-node'),
        '--once',
        '--no-commands',
        '--node',
        'wired-node-1',
        '--region',
        'eu-west-1',
        '--kafka-brokers',
        kafka.broker.brokers.join(','),
        '--spool',
        join(dir, 'changes.spool'),
      ],
      { env: { PLUMB_SALT: 'c4fe8c98de9d8d17abc3119dd4f2064e8299d170822dcdf0' }, stdout: (t) => void out.push(t), stderr: (t) => void out.push(t) },
    );
    expect(code).toBe(0);
    const events: { node: string; dimension: string; raw: string }[] = [];
    await kafka.client.readTopic(CHANGE_TOPIC, (r) => {
      const d = decodeChange(r.value, 'record');
      if (d.ok && d.event.node === 'wired-node-1') events.push({ node: d.event.node, dimension: d.event.dimension, raw: r.value ?? '' });
    });
    // Every first observation is a change event: one per config series the exporter printed.
    const series = out
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('plumb_config_info{'));
    expect(series.length).toBeGreaterThan(0);
    expect(events.map((e) => e.dimension).sort()).toEqual(series.map((l) => /dimension="([^"]+)"/.exec(l)?.[1]).sort());
    for (const e of events) expect(e.raw).not.toMatch(/PLANTED-/);
    expect(out.join('')).not.toMatch(/PLANTED-/);
  }, 120_000);

  it('plumb-hooks with auditKafka puts every local audit record on plumb.audit, in the same chain', async () => {
    const port = await freePort();
    const doc = configDoc({
      listen: { host: '127.0.0.1', port },
      modes: { default: 'dry-run' },
      kube: { enabled: false },
      auditKafka: { brokers: kafka.broker.brokers },
    });
    const file = join(mkdtempSync(join(tmpdir(), 'plumb-wiring-hooks-')), 'plumb-hooks.yaml');
    writeFileSync(file, stringify(doc));
    const child = spawn(process.execPath, [join(root, 'alertmanager-hooks/bin/plumb-hooks.mjs'), '--config', file], {
      env: { ...process.env, ...TOKEN_ENV },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    try {
      await until('plumb-hooks to listen', async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok || undefined, 60_000, 200);
      const res = await post(
        `http://127.0.0.1:${port}/hooks/alertmanager`,
        webhookBody([{ labels: driftLabels({ node: 'wired-node-2', playbook: 'quarantine', severity: 'correctness-risk' }) }]),
      );
      expect(res.status).toBeLessThan(300);
      const local = await until(
        'a decision in the local audit log',
        () => {
          const recs = readAudit(doc.auditPath as string);
          return recs.some((r) => r.kind === 'decision') ? recs : undefined;
        },
        30_000,
        200,
      );
      const remote = await until(
        'the same records on plumb.audit',
        async () => {
          const got: { seq: number; hash: string }[] = [];
          await kafka.client.readTopic(AUDIT_TOPIC, (r) => {
            const a = decodeAudit(r.value);
            if (a && a.chainId === 'hooks-test') got.push({ seq: a.seq, hash: a.hash });
          });
          return got.length >= local.length ? got : undefined;
        },
        30_000,
        500,
      );
      expect(remote.slice(0, local.length)).toEqual(local.map((r) => ({ seq: r.seq, hash: r.hash })));
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    expect(stderr).not.toMatch(/wh-secret-token/);
  }, 120_000);
});
