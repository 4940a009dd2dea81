/**
 * Running a probe command: argv only (no shell), a timeout, bounded output. The
 * result is a value; a failure reason names the program and never its output.
 */
import { execFile } from 'node:child_process';

export type CommandResult = { kind: 'output'; text: string } | { kind: 'absent' } | { kind: 'error'; reason: string; output?: string };

const MAX_OUTPUT_BYTES = 64 * 1024;

/** Runs `argv`; stdout and stderr are joined (`java -version` prints to stderr). On failure `output` is kept for callers that recognise a message; it is never logged. */
export function runCommand(argv: readonly string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.resolve({ kind: 'error', reason: 'empty command' });
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true, env: env ?? process.env }, (err, stdout, stderr) => {
      const text = `${String(stdout)}${String(stderr)}`;
      if (!err) return resolve({ kind: 'output', text });
      const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
      if (e.code === 'ENOENT') return resolve({ kind: 'absent' });
      if (e.killed) return resolve({ kind: 'error', reason: `${file}: timed out after ${timeoutMs} ms` });
      resolve({ kind: 'error', reason: `${file}: exited with ${typeof e.code === 'number' ? `status ${e.code}` : (e.code ?? 'an error')}`, output: text });
    });
  });
}

const cache = new Map<string, { atMs: number; result: Promise<CommandResult> }>();

/**
 * `runCommand` with results reused for `ttlMs`: starting a JVM for `java -version`
 * costs tens of CPU-milliseconds, too much to repeat every 30 s on every node.
 * A TTL of 0 always runs the command.
 */
export function runCommandCached(argv: readonly string[], timeoutMs: number, ttlMs: number, nowMs = Date.now()): Promise<CommandResult> {
  const key = JSON.stringify(argv);
  const hit = cache.get(key);
  if (ttlMs > 0 && hit && nowMs - hit.atMs < ttlMs) return hit.result;
  const result = runCommand(argv, timeoutMs);
  if (ttlMs > 0) cache.set(key, { atMs: nowMs, result });
  return result;
}
