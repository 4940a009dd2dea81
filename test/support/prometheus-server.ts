/**
 * A real Prometheus (Debian's /usr/bin/prometheus) on a free loopback port, with its
 * data and log under `dir`; resolves once /-/ready answers. Tests describe what it
 * scrapes and evaluates in `config` and stop it themselves.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@plumb/io';
import { startProcess, type ManagedProcess } from '@plumb/sim/stack/process';

export interface PrometheusServer {
  url: string;
  logFile: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export async function startPrometheusServer(o: { dir: string; config: string; args?: string[] }): Promise<PrometheusServer> {
  writeFileSync(join(o.dir, 'prometheus.yml'), o.config);
  const port = await freePort();
  const logFile = join(o.dir, 'prometheus.log');
  const process = await startProcess({
    name: 'prometheus',
    command: '/usr/bin/prometheus',
    args: [
      `--config.file=${join(o.dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(o.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(o.args ?? []),
    ],
    logFile,
    readyUrl: `http://127.0.0.1:${port}/-/ready`,
    readyTimeoutMs: 60_000,
  });
  return { url: `http://127.0.0.1:${port}`, logFile, process, stop: () => process.stop() };
}
