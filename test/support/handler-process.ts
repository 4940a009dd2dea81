/**
 * plumb-hooks as child processes (the real entry point), so tests can kill them.
 * Tests use `useHandlerProcesses()` (support/handler.ts), which kills every one after the file;
 * no vitest import here, so the benchmarks can start them too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

const BIN = resolve(import.meta.dirname, '../../alertmanager-hooks/bin/plumb-hooks.mjs');

export interface ChildHandler {
  url: string;
  proc: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function writeConfig(dir: string, doc: Record<string, unknown>): string {
  const path = join(dir, 'plumb-hooks.yaml');
  writeFileSync(path, stringify(doc));
  return path;
}

/** Starts plumb-hooks with `configPath` and `env` added to the environment; resolves once /healthz answers on `port`. */
export async function startChild(configPath: string, port: number, logFile: string, env: Record<string, string>): Promise<ChildHandler> {
  const proc = spawn(process.execPath, [BIN, '--config', configPath], {
    env: { ...process.env, ...env },
    stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')],
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  while (
    !(await fetch(`${url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false))
  ) {
    if (proc.exitCode !== null) throw new Error(`plumb-hooks exited with ${proc.exitCode}; see ${logFile}`);
    if (Date.now() > until) throw new Error(`plumb-hooks did not start; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    proc,
    kill: (signal = 'SIGKILL') =>
      new Promise<void>((r) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return r();
        proc.once('exit', () => r());
        proc.kill(signal);
      }),
  };
}
