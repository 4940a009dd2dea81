/**
 * Reading processes through a proc root (`/proc` on a host or in a host-PID pod, a
 * fixture tree in tests): command lines, environments, cgroups and files seen from
 * the process's own root (`/proc/<pid>/root/...`, its container's filesystem).
 * Bounded (4,096 processes, 64 KiB per command line, 256 KiB per environment) and
 * never throws. A process that exits while being read is `gone`, not an error.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listHostDir, readHostFile, type FileRead } from '../host-fs';

export interface ProcessEntry {
  pid: string;
  argv: string[];
  /** argv joined by spaces, what `match.process` patterns are matched on. */
  commandLine: string;
}

export type ProcRead = { kind: 'text'; text: string } | { kind: 'gone' } | { kind: 'error'; reason: string };

const MAX_CMDLINE = 64 * 1024;
const MAX_ENVIRON = 256 * 1024;

/** Every process with a command line (kernel threads have none). */
export async function listProcesses(procRoot: string, limit = 4096): Promise<ProcessEntry[]> {
  const pids = (await listHostDir('/', procRoot)).filter((d) => /^\d+$/.test(d)).slice(0, limit);
  const entries = await Promise.all(
    pids.map(async (pid): Promise<ProcessEntry | undefined> => {
      const read = await readProcFile(procRoot, pid, 'cmdline', MAX_CMDLINE);
      if (read.kind !== 'text' || read.text === '') return undefined;
      const argv = read.text.replace(/\0+$/, '').split('\0');
      return { pid, argv, commandLine: argv.join(' ') };
    }),
  );
  return entries.filter((e): e is ProcessEntry => e !== undefined);
}

/** Reads `<procRoot>/<pid>/<name>` (at most `maxBytes`). */
export async function readProcFile(procRoot: string, pid: string, name: string, maxBytes: number): Promise<ProcRead> {
  try {
    const raw = await readFile(join(procRoot, pid, name));
    return { kind: 'text', text: raw.subarray(0, maxBytes).toString('utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return { kind: 'gone' };
    return { kind: 'error', reason: `${procRoot}/${pid}/${name}: cannot read (${code ?? 'error'})` };
  }
}

/** The environment of a process: `/proc/<pid>/environ`, NUL-separated `NAME=value`. */
export async function readProcessEnv(procRoot: string, pid: string): Promise<Map<string, string> | ProcRead> {
  const read = await readProcFile(procRoot, pid, 'environ', MAX_ENVIRON);
  return read.kind === 'text' ? parseEnviron(read.text) : read;
}

export function parseEnviron(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

/** A file as the process sees it: `<procRoot>/<pid>/root/<path>`, its container's filesystem. */
export function readProcessRootFile(procRoot: string, pid: string, path: string): Promise<FileRead> {
  return readHostFile(join(procRoot, pid, 'root'), path);
}
