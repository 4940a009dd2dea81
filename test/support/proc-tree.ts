/**
 * Fixture `/proc` trees laid out as the kernel shows them to a host-PID pod: per pid a
 * NUL-separated `cmdline` and `environ`, the kubelet's `cgroup` lines, and `root/`, the
 * container's filesystem. A process can also be a real one: its `cmdline` and `environ`
 * link to `/proc/<pid>/…` of a running child, so the bytes are the kernel's.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** cgroup v1 (cgroupfs driver) lines of a Burstable pod's container, as on EKS AL2 nodes. */
export const cgroupV1 = (podUid: string, containerId: string): string =>
  `${['11:memory', '4:pids', '1:name=systemd'].map((c) => `${c}:/kubepods/burstable/pod${podUid}/${containerId}`).join('\n')}\n`;

/** The cgroup v2 line of a container with the systemd driver and containerd, as on Bottlerocket and AL2023. */
export const cgroupV2 = (podUid: string, containerId: string, qos = 'besteffort'): string =>
  `0::/kubepods.slice/kubepods-${qos}.slice/kubepods-${qos}-pod${podUid.replace(/-/g, '_')}.slice/cri-containerd-${containerId}.scope\n`;

/** A host daemon's cgroup (the YARN NodeManager on EMR). */
export const HOST_CGROUP = '0::/system.slice/hadoop-yarn-nodemanager.service\n';

export interface FixtureProcess {
  pid: number;
  /** argv, or the pid of a real process whose cmdline and environ are linked. */
  argv?: string[];
  env?: Record<string, string>;
  realPid?: number;
  cgroup: string;
  /** Files of the container's filesystem, by absolute path. */
  files?: Record<string, string>;
  /** A directory to use as the container's filesystem (`root` links to it) instead of `files`. */
  rootDir?: string;
}

export interface ProcTree {
  procRoot: string;
  remove(): void;
}

export function writeProcTree(processes: readonly FixtureProcess[]): ProcTree {
  const base = mkdtempSync(join(tmpdir(), 'plumb-proc-'));
  const procRoot = join(base, 'proc');
  for (const p of processes) {
    const dir = join(procRoot, String(p.pid));
    mkdirSync(dir, { recursive: true });
    if (p.rootDir !== undefined) symlinkSync(p.rootDir, join(dir, 'root'));
    else mkdirSync(join(dir, 'root'));
    if (p.realPid !== undefined) {
      symlinkSync(`/proc/${p.realPid}/cmdline`, join(dir, 'cmdline'));
      symlinkSync(`/proc/${p.realPid}/environ`, join(dir, 'environ'));
    } else {
      writeFileSync(join(dir, 'cmdline'), (p.argv ?? []).map((a) => `${a}\0`).join(''));
      writeFileSync(
        join(dir, 'environ'),
        Object.entries(p.env ?? {})
          .map(([k, v]) => `${k}=${v}\0`)
          .join(''),
      );
    }
    writeFileSync(join(dir, 'cgroup'), p.cgroup);
    for (const [path, text] of Object.entries(p.files ?? {})) {
      mkdirSync(dirname(join(dir, 'root', path)), { recursive: true });
      writeFileSync(join(dir, 'root', path), text);
    }
  }
  return { procRoot, remove: () => rmSync(base, { recursive: true, force: true }) };
}
