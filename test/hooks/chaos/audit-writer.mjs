// A process that writes batches of audit records and, when asked, dies by SIGKILL
// in the middle of one write(2): the first half of a multi-record batch reaches
// the file, the rest never does. Usage: node audit-writer.mjs <audit.jsonl> <batches> [crash-in-batch]
import { register } from 'tsx/esm/api';

register();
const { AuditLog } = await import('@plumb/alertmanager-hooks/audit/log');
const { write } = await import('node:fs');
const [path, batches, crashIn] = process.argv.slice(2);
let batch = 0;
const crashing = (fd, buf, off, len) =>
  new Promise((resolve, reject) => {
    const half = batch === Number(crashIn) ? Math.floor(len / 2) : len;
    write(fd, buf, off, half, (err, n) => {
      if (err) return reject(err);
      if (half < len) process.kill(process.pid, 'SIGKILL');
      resolve(n);
    });
  });
const log = new AuditLog(path, { write: crashing, checkpointKey: 'chaos-key' });
if (log.recovery) await log.recovery;
for (batch = 0; batch < Number(batches); batch++) {
  await Promise.all(
    Array.from({ length: 5 }, (_, i) =>
      log.record({ atMs: Date.now(), actor: 'plumb-hooks/chaos', kind: 'decision', data: { batch, i, pad: 'x'.repeat(2000) } }),
    ),
  );
}
await log.close();
