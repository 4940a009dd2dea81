/**
 * The stack's work directory: every Prometheus TSDB, Alertmanager's state, the handler's
 * ledger and audit log, the salt. A run starts clean by default: whatever an earlier run
 * left is moved aside (kept once, for a look at what happened), because state inherited
 * from it reads as drift, unknown nodes and handler decisions before anything was
 * injected. `--resume` keeps it for whoever wants the previous state.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export type WorkDirStart = { mode: 'clean'; movedAside?: string | undefined } | { mode: 'resumed' };

/** Where an earlier run's state goes when a clean run starts in `work`. */
export function previousRunDir(work: string): string {
  return `${resolve(work)}.previous`;
}

/**
 * Prepares `work` for a run and takes its lock. Refuses (throws) while another live stack
 * holds the lock: moving its state away under it would break that run.
 */
export function prepareWorkDir(work: string, resume: boolean): { start: WorkDirStart; release: () => void } {
  const dir = resolve(work);
  assertNotLocked(dir);
  let start: WorkDirStart = resume ? { mode: 'resumed' } : { mode: 'clean' };
  if (!resume && existsSync(dir) && readdirSync(dir).length > 0) {
    const aside = previousRunDir(dir);
    rmSync(aside, { recursive: true, force: true });
    renameSync(dir, aside);
    start = { mode: 'clean', movedAside: aside };
  }
  mkdirSync(dir, { recursive: true });
  const lock = lockFile(dir);
  writeFileSync(lock, String(process.pid));
  return { start, release: () => rmSync(lock, { force: true }) };
}

/** One line for the log and the report. */
export function describeStart(work: string, start: WorkDirStart): string {
  if (start.mode === 'resumed') return `resumed the previous state in ${resolve(work)} (--resume)`;
  return start.movedAside ? `started clean in ${resolve(work)}; the previous run's state is in ${start.movedAside}` : `started clean in ${resolve(work)}`;
}

function lockFile(dir: string): string {
  return `${dir}/stack.pid`;
}

/**
 * One stack per work directory: a second one would overwrite the first one's file_sd
 * files and salt, and each Prometheus would scrape the other's simulator.
 */
function assertNotLocked(dir: string): void {
  const lock = lockFile(dir);
  if (!existsSync(lock)) return;
  const pid = Number(readFileSync(lock, 'utf8'));
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) throw new Error(`another stack (pid ${pid}) is using ${dir}; stop it or pass another --work directory`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
