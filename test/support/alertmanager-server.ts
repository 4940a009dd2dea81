/**
 * Starts a real Alertmanager (Debian's `prometheus-alertmanager`, 0.25) on
 * loopback for tests, with gossip disabled and short timers, delivering to one
 * webhook receiver with bearer auth.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@plumb/io';

export const ALERTMANAGER_BIN = process.env.PLUMB_ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

export interface AlertmanagerOptions {
  webhookUrl: string;
  bearerToken: string;
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  maxAlerts?: number;
  /** Listen port; default: a free one. */
  port?: number;
}

export interface RunningAlertmanager {
  url: string;
  dir: string;
  logFile: string;
  /** POST /api/v2/alerts. */
  push(alerts: PostableAlert[]): Promise<void>;
  stop(): Promise<void>;
}

export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
}

export function alertmanagerConfig(o: AlertmanagerOptions): string {
  const list = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;
  return [
    'route:',
    '  receiver: plumb-hooks',
    `  group_by: ${list(o.groupBy ?? ['node'])}`,
    `  group_wait: ${o.groupWait ?? '1s'}`,
    `  group_interval: ${o.groupInterval ?? '1s'}`,
    `  repeat_interval: ${o.repeatInterval ?? '1h'}`,
    'receivers:',
    '  - name: plumb-hooks',
    '    webhook_configs:',
    `      - url: ${JSON.stringify(o.webhookUrl)}`,
    '        send_resolved: true',
    `        max_alerts: ${o.maxAlerts ?? 0}`,
    '        http_config:',
    '          authorization:',
    '            type: Bearer',
    `            credentials: ${JSON.stringify(o.bearerToken)}`,
    '',
  ].join('\n');
}

export async function startAlertmanager(o: AlertmanagerOptions): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-am-'));
  const port = o.port ?? (await freePort());
  writeFileSync(join(dir, 'alertmanager.yml'), alertmanagerConfig(o));
  const logFile = join(dir, 'alertmanager.log');
  const proc: ChildProcess = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=debug',
    ],
    { stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')] },
  );
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`alertmanager exited with ${proc.exitCode}; see ${logFile}`);
    const ok = await fetch(`${url}/-/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > until) throw new Error(`alertmanager not ready; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dir,
    logFile,
    async push(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (!res.ok) throw new Error(`alertmanager refused alerts: ${res.status} ${await res.text()}`);
    },
    async stop() {
      await new Promise<void>((r) => {
        if (proc.exitCode !== null) return r();
        proc.once('exit', () => r());
        proc.kill('SIGTERM');
      });
      if (!process.env.PLUMB_KEEP_TEST_DIRS) rmSync(dir, { recursive: true, force: true });
    },
  };
}
