/**
 * A child process of the stack: started with its output in a log file, considered up
 * once its readiness URL answers 2xx, stopped with SIGTERM and then SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface ManagedProcess {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** URL that answers 2xx once the process is ready. */
  readyUrl?: string;
  readyTimeoutMs?: number;
}

export async function startProcess(opts: StartOptions): Promise<ManagedProcess> {
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(opts.command, opts.args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  const proc: ManagedProcess = {
    name: opts.name,
    pid: child.pid ?? -1,
    logFile: opts.logFile,
    exited,
    async stop() {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  if (opts.readyUrl) {
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
    for (;;) {
      if (done) throw new Error(`${opts.name} exited before it was ready; see ${opts.logFile}`);
      try {
        const res = await fetch(opts.readyUrl);
        if (res.ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) {
        await proc.stop();
        throw new Error(`${opts.name} was not ready at ${opts.readyUrl} within ${opts.readyTimeoutMs ?? 30_000} ms; see ${opts.logFile}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return proc;
}
