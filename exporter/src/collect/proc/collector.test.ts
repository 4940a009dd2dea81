import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecText } from '@plumb/core/spec/load';
import type { CollectContext } from '../readings';
import { createProcessCollector, type PodsByUid } from './collector';

const SPEC = `apiVersion: plumb/v1
kind: DesiredState
metadata: { name: proc-unit }
settings: { salt: { env: PLUMB_SALT } }
workloads:
  - { name: spark-batch, match: { process: 'SparkSubmit' } }
  - { name: kafka-consumer, match: { process: 'ConsumerMain' } }
dimensions:
  - { key: TZ, workloads: [spark-batch, kafka-consumer], source: { kind: env, name: TZ }, expose: true, severity: info }
`;
const SPARK_UID = '11111111-2222-4333-8444-555555555555';
const KAFKA_UID = '66666666-7777-4888-9999-000000000000';
const cgroup = (uid: string) =>
  `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid.replace(/-/g, '_')}.slice/cri-containerd-${'b'.repeat(64)}.scope\n`;

function tree(procs: { pid: number; argv: string[]; env: string; cgroup: string }[]): string {
  const root = join(mkdtempSync(join(tmpdir(), 'plumb-proc-unit-')), 'proc');
  for (const p of procs) {
    mkdirSync(join(root, String(p.pid)), { recursive: true });
    writeFileSync(join(root, String(p.pid), 'cmdline'), `${p.argv.join('\0')}\0`);
    writeFileSync(join(root, String(p.pid), 'environ'), p.env);
    writeFileSync(join(root, String(p.pid), 'cgroup'), p.cgroup);
  }
  return root;
}

function ctx(): CollectContext {
  const loaded = loadSpecText(SPEC, 'spec.yaml');
  if (!loaded.ok) throw new Error('spec');
  return { model: loaded.model, root: '/', env: {}, runCommands: false, commandTimeoutMs: 1000, commandCacheMs: 0 };
}

const pods: PodsByUid = new Map([
  [SPARK_UID, { ref: 'batch/spark-driver', workloads: ['spark-batch'] }],
  [KAFKA_UID, { ref: 'streams/consumer-0', workloads: ['kafka-consumer'] }],
]);

describe('the processes collector', () => {
  it('Counts a process only for the workload of its pod: a pod of another workload whose command line also matches is skipped.', async () => {
    const procRoot = tree([
      { pid: 10, argv: ['java', 'SparkSubmit'], env: 'TZ=UTC\0', cgroup: cgroup(SPARK_UID) },
      // A consumer pod whose command line mentions SparkSubmit too.
      { pid: 20, argv: ['java', 'ConsumerMain', '--after', 'SparkSubmit'], env: 'TZ=Asia/Tokyo\0', cgroup: cgroup(KAFKA_UID) },
    ]);
    const out = await createProcessCollector({ procRoot, pods: async () => pods }).collect(ctx());
    const got = out.readings.map((r) => `${r.rule.workload}=${String(r.value)}@${r.source}`).sort();
    expect(got).toEqual([
      `kafka-consumer=Asia/Tokyo@process:streams/consumer-0/${'b'.repeat(12)}/20:env`,
      `spark-batch=UTC@process:batch/spark-driver/${'b'.repeat(12)}/10:env`,
    ]);
    expect(out.activeWorkloads).toEqual(['kafka-consumer', 'spark-batch']);
  });

  it('Without a pod list (EMR, plain hosts) the command-line pattern alone decides.', async () => {
    const procRoot = tree([{ pid: 30, argv: ['java', 'SparkSubmit'], env: 'TZ=UTC\0', cgroup: '0::/system.slice/spark-history.service\n' }]);
    const out = await createProcessCollector({ procRoot }).collect(ctx());
    expect(out.readings.map((r) => r.source)).toEqual(['process:30:env']);
    expect(out.readings[0]).toMatchObject({ scoped: true, fromProcess: true });
  });

  it('An environment that cannot be read fails the collector with a value-free reason (unknown, never compliant).', async () => {
    const procRoot = tree([{ pid: 40, argv: ['SparkSubmit'], env: 'TZ=UTC\0', cgroup: '0::/\n' }]);
    // A directory in its place cannot be read as a file, for root as for anyone.
    rmSync(join(procRoot, '40', 'environ'));
    mkdirSync(join(procRoot, '40', 'environ'));
    const out = await createProcessCollector({ procRoot }).collect(ctx());
    expect(out.errors).toEqual([`${procRoot}/40/environ: cannot read (EISDIR)`]);
    expect(out.errors.join('')).not.toContain('UTC');
  });

  it('A process that exits while being read is skipped without an error.', async () => {
    const procRoot = tree([{ pid: 50, argv: ['SparkSubmit'], env: 'TZ=UTC\0', cgroup: '0::/\n' }]);
    rmSync(join(procRoot, '50', 'environ'));
    const out = await createProcessCollector({ procRoot }).collect(ctx());
    expect(out).toMatchObject({ readings: [], errors: [] });
  });
});
