/**
 * Which pod and container a process belongs to, from `/proc/<pid>/cgroup` (pure).
 * The kubelet puts every container in a cgroup named after the pod UID and the
 * container id; the spelling depends on the cgroup version and the driver:
 *
 *   v1, cgroupfs driver:  `4:memory:/kubepods/burstable/pod<uid>/<id>`
 *   v1, systemd driver:   `1:name=systemd:/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_>.slice/cri-containerd-<id>.scope`
 *   v2 (unified):         `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod<uid_>.slice/crio-<id>.scope`
 *
 * The systemd driver writes the UID with underscores for dashes. A process outside
 * `kubepods` (a host daemon, a YARN container on EMR) has no pod.
 */

export interface ProcessCgroup {
  /** Pod UID with dashes, as the API server spells it. */
  podUid?: string;
  /** Container id (64 hex), without the runtime prefix. */
  containerId?: string;
}

const POD = /(?:^|[/-])pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?(?:\/|$)/;
const CONTAINER = /\/(?:cri-containerd-|docker-|crio-|cri-o-|containerd-)?([0-9a-f]{64})(?:\.scope)?$/;

/** Reads the pod UID and container id from the text of `/proc/<pid>/cgroup`; `{}` for a host process. */
export function parseProcessCgroup(text: string): ProcessCgroup {
  for (const line of text.split('\n')) {
    const path = line.split(':').slice(2).join(':').trim();
    if (!path.includes('kubepods')) continue;
    const pod = POD.exec(path)?.[1];
    if (pod === undefined) continue;
    const container = CONTAINER.exec(path)?.[1];
    return { podUid: pod.replace(/_/g, '-'), ...(container !== undefined ? { containerId: container } : {}) };
  }
  return {};
}
