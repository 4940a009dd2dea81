import { describe, expect, it } from 'vitest';
import { parseProcessCgroup } from './cgroup';

const UID = '0f6d2a3e-5b7c-4d8e-9f10-1a2b3c4d5e6f';
const UID_ = UID.replace(/-/g, '_');
const CID = '7c0a9b1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b';

// Lines as the kubelet writes them, copied from nodes of each layout.
describe('parseProcessCgroup', () => {
  it.each([
    {
      name: 'cgroup v1 with the cgroupfs driver (EKS AL2, containerd) gives the pod and the container.',
      text: `12:pids:/kubepods/burstable/pod${UID}/${CID}\n11:memory:/kubepods/burstable/pod${UID}/${CID}\n1:name=systemd:/kubepods/burstable/pod${UID}/${CID}\n`,
      want: { podUid: UID, containerId: CID },
    },
    {
      name: 'cgroup v1 with a Guaranteed pod has no QoS level in the path.',
      text: `9:cpu,cpuacct:/kubepods/pod${UID}/${CID}\n`,
      want: { podUid: UID, containerId: CID },
    },
    {
      name: 'cgroup v1 with the systemd driver spells the UID with underscores.',
      text: `1:name=systemd:/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/cri-containerd-${CID}.scope\n`,
      want: { podUid: UID, containerId: CID },
    },
    {
      name: 'cgroup v2 (unified) with containerd and the systemd driver.',
      text: `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID_}.slice/cri-containerd-${CID}.scope\n`,
      want: { podUid: UID, containerId: CID },
    },
    {
      name: 'cgroup v2 with CRI-O.',
      text: `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/crio-${CID}.scope\n`,
      want: { podUid: UID, containerId: CID },
    },
    {
      name: 'cgroup v2 with a Guaranteed pod and docker.',
      text: `0::/kubepods.slice/kubepods-pod${UID_}.slice/docker-${CID}.scope\n`,
      want: { podUid: UID, containerId: CID },
    },
    {
      name: 'cgroup v2 under a kubelet.slice (kind, nested kubelets).',
      text: `0::/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/kubelet-kubepods-burstable-pod${UID_}.slice/cri-containerd-${CID}.scope\n`,
      want: { podUid: UID, containerId: CID },
    },
    {
      name: 'The pod-level cgroup (the pause process) has a pod and no container.',
      text: `0::/kubepods.slice/kubepods-pod${UID_}.slice\n`,
      want: { podUid: UID },
    },
    { name: 'A host daemon (the YARN NodeManager on EMR) has no pod.', text: '0::/system.slice/hadoop-yarn-nodemanager.service\n', want: {} },
    { name: 'A cgroup v1 host process has no pod.', text: '12:memory:/user.slice\n1:name=systemd:/user.slice/user-1000.slice/session-3.scope\n', want: {} },
    { name: 'An empty file has no pod.', text: '', want: {} },
  ])('$name', ({ text, want }) => expect(parseProcessCgroup(text)).toEqual(want));
});
