/**
 * Command lines of running processes from `<procRoot>/<pid>/cmdline`.
 * Bounded: at most `limit` processes, 4 KiB each. Unreadable entries are skipped
 * (processes come and go while we read).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listHostDir } from './host-fs';

export async function listProcessCommandLines(procRoot: string, limit = 4096): Promise<string[]> {
  const pids = (await listHostDir('/', procRoot)).filter((d) => /^\d+$/.test(d)).slice(0, limit);
  const lines = await Promise.all(
    pids.map(async (pid) => {
      try {
        const raw = await readFile(join(procRoot, pid, 'cmdline'));
        return raw.subarray(0, 4096).toString('utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
      } catch {
        return '';
      }
    }),
  );
  return lines.filter((l) => l !== '');
}
