/**
 * Command lines of running processes from `/proc/<pid>/cmdline` under the root.
 * Bounded: at most `limit` processes, 4 KiB each. Unreadable entries are skipped
 * (processes come and go while we read).
 */
import { readFile } from 'node:fs/promises';
import { listHostDir, rooted } from './host-fs';

export async function listProcessCommandLines(root: string, limit = 4096): Promise<string[]> {
  const pids = (await listHostDir(root, '/proc')).filter((d) => /^\d+$/.test(d)).slice(0, limit);
  const lines = await Promise.all(
    pids.map(async (pid) => {
      try {
        const raw = await readFile(rooted(root, `/proc/${pid}/cmdline`));
        return raw.subarray(0, 4096).toString('utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
      } catch {
        return '';
      }
    }),
  );
  return lines.filter((l) => l !== '');
}
