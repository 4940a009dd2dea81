/** Kernel release: `/proc/sys/kernel/osrelease` under the root, else `os.release()` on a real host. */
import { release } from 'node:os';
import { readHostFile } from '../host-fs';
import type { Probe } from './probe';

export const probeKernel: Probe = async (ctx) => {
  const read = await readHostFile(ctx.root, '/proc/sys/kernel/osrelease', 4096);
  if (read.kind === 'text' && read.text.trim() !== '') return { kind: 'value', value: read.text.trim(), source: 'runtime:kernel:/proc/sys/kernel/osrelease' };
  if (read.kind === 'error') return { kind: 'error', reason: `kernel: ${read.reason}` };
  if (ctx.root !== '/' && ctx.root !== '') return { kind: 'absent' };
  return { kind: 'value', value: release(), source: 'runtime:kernel:uname' };
};
