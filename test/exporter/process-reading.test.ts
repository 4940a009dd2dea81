/**
 * The exporter reads what a workload's process really runs with: its environment
 * (`/proc/<pid>/environ`), its command line (`--conf`, `-D`) and its config files as the
 * process sees them (`/proc/<pid>/root/...`). A real child process carries planted
 * secrets in its environment, command line and files; the exporter reads the plain
 * values correctly and none of the secrets appears in /metrics, /state, logs, stdout,
 * stderr or change events.
 *   - EMR: the real /proc; the daemon is a host process, its files are the host's.
 *   - Kubernetes: a fixture proc tree as a host-PID pod sees it (kubelet cgroup lines),
 *     whose cmdline and environ link to the real child and whose root/ is a fake
 *     container filesystem.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHashValue } from '@plumb/core/hash/secret-hash';
import { cgroupV1, cgroupV2, HOST_CGROUP, writeProcTree, type ProcTree } from '../support/proc-tree';
import { SALT, startExporter, type RunningExporter } from './support';

const TOKEN = `plumb-it-${process.pid}`;
const PLANTED = {
  db: 'Pl4nted-db-PASSWORD-9a1',
  json: 'Pl4nted-json-NESTED-7c2',
  s3: 'Pl4nted-s3a-SECRET-4e8',
  keystore: 'Pl4nted-keystore-JVM-5b3',
  truststore: 'Pl4nted-truststore-PROPS-2d6',
  yaml: 'Pl4nted-yaml-NESTED-8f0',
};
const SPARK_DEFAULTS = 'spark.sql.shuffle.partitions  321\nspark.master  yarn\n';
const CLIENT_PROPERTIES = `bootstrap.servers=b-1:9092\nssl.truststore.password=${PLANTED.truststore}\n`;
const APP_YAML = `app:\n  name: loader\n  sink:\n    credentials:\n      password: ${PLANTED.yaml}\n`;
const UID_SPARK = '0f6d2a3e-5b7c-4d8e-9f10-1a2b3c4d5e6f';
const CID_SPARK = 'c'.repeat(8) + '0a9b1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e';
const UID_AIRFLOW = '8e2b1c4d-3a5f-4b6c-9d7e-0f1a2b3c4d5e';
const CID_AIRFLOW = 'a'.repeat(64);

/** A spec whose spark-batch workload is found by the child's command line; `conf` is where its files are. */
function writeSpec(dir: string, conf: string): string {
  const file = (key: string, path: string, format: string, extra = '') =>
    `  - { key: ${key}, workloads: [spark-batch], source: { kind: file, path: ${conf}${path}, format: ${format}${extra} }, expose: true, severity: info }`;
  const path = join(dir, 'spec.yaml');
  writeFileSync(
    path,
    [
      'apiVersion: plumb/v1',
      'kind: DesiredState',
      'metadata: { name: process-reading }',
      'settings: { salt: { env: PLUMB_SALT } }',
      'workloads:',
      `  - { name: spark-batch, match: { process: 'org\\.apache\\.spark\\.deploy\\.SparkSubmit ${TOKEN}' } }`,
      "  - { name: airflow-worker, match: { process: 'airflow celery worker' } }",
      'dimensions:',
      '  - { key: TZ, workloads: [spark-batch, airflow-worker], source: { kind: env, name: TZ }, expose: true, severity: correctness-risk }',
      '  - { key: DB_PASSWORD, workloads: [spark-batch], source: { kind: env, name: DB_PASSWORD }, severity: sla-risk, expect: { consistency: {} } }',
      '  - { key: app.config, workloads: [spark-batch], source: { kind: env, name: APP_CONFIG }, expose: true, severity: info }',
      file('spark.sql.shuffle.partitions', '/opt/spark/conf/spark-defaults.conf', 'spark-defaults', ', key: spark.sql.shuffle.partitions'),
      file('kafka.truststore', '/etc/kafka/client.properties', 'properties', ', key: ssl.truststore.password'),
      file('kafka.client', '/etc/kafka/client.properties', 'text'),
      file('app.yaml', '/etc/app/app.yaml', 'text'),
      '  - { key: spark.sql.session.timeZone, workloads: [spark-batch], source: { kind: process, field: arg-conf, name: spark.sql.session.timeZone }, expose: true, severity: correctness-risk }',
      '  - { key: spark.s3a, workloads: [spark-batch], source: { kind: process, field: arg-conf, name: spark.hadoop.fs.s3a.secret.key }, expose: true, severity: info }',
      '  - { key: user.timezone, workloads: [spark-batch], source: { kind: process, field: jvm-property, name: user.timezone }, expose: true, severity: info }',
      '  - { key: keystore, workloads: [spark-batch], source: { kind: process, field: jvm-property, name: javax.net.ssl.keyStorePassword }, severity: info }',
    ].join('\n'),
  );
  return path;
}

function writeConfTree(base: string): void {
  for (const [path, text] of Object.entries({
    '/opt/spark/conf/spark-defaults.conf': SPARK_DEFAULTS,
    '/etc/kafka/client.properties': CLIENT_PROPERTIES,
    '/etc/app/app.yaml': APP_YAML,
  })) {
    mkdirSync(join(base, path, '..'), { recursive: true });
    writeFileSync(join(base, path), text);
  }
}

const IDENTITY = ['--node', 'it-proc-1', '--region', 'eu-west-1', '--instance-type', 'm6i.large', '--pool', 'batch'];

let child: ChildProcess;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'plumb-process-it-'));
  child = spawn(
    process.execPath,
    [
      '-e',
      'setInterval(() => {}, 1e6)',
      '--',
      'org.apache.spark.deploy.SparkSubmit',
      TOKEN,
      '--conf',
      'spark.sql.session.timeZone=UTC',
      '--conf',
      `spark.hadoop.fs.s3a.secret.key=${PLANTED.s3}`,
      '-Duser.timezone=UTC',
      `-Djavax.net.ssl.keyStorePassword=${PLANTED.keystore}`,
    ],
    {
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', DB_PASSWORD: PLANTED.db, APP_CONFIG: JSON.stringify({ db: { host: 'db-1', password: PLANTED.json } }) },
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 50 && child.pid === undefined; i++) await new Promise((r) => setTimeout(r, 20));
});

afterAll(() => {
  child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

async function outputs(exporter: RunningExporter): Promise<{ metrics: string; state: string; everything: string }> {
  // The first collection runs scrypt for each secret value: on a busy machine it takes seconds.
  for (let i = 0; i < 600; i++) {
    if (((await (await fetch(`${exporter.url}/state`)).json()) as { collectedAt: string | null }).collectedAt !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const metrics = await (await fetch(`${exporter.url}/metrics`)).text();
  const state = await (await fetch(`${exporter.url}/state`)).text();
  return { metrics, state, everything: [metrics, state, ...exporter.logs, ...exporter.stdout, ...exporter.stderr, JSON.stringify(exporter.events)].join('\n') };
}

function info(metrics: string, dimension: string, workload = 'spark-batch'): string[] {
  return metrics
    .split('\n')
    .filter((l) => l.startsWith('plumb_config_info{') && l.includes(`dimension="${dimension}"`) && l.includes(`workload="${workload}"`));
}

function expectReadCorrectly(metrics: string, state = ''): void {
  expect(metrics, state).toMatch(/plumb_collector_success\{collector="processes"\} 1/);
  // The process's TZ, not the exporter's own (America/New_York).
  expect(info(metrics, 'TZ')).toEqual([expect.stringContaining('value="UTC"')]);
  expect(info(metrics, 'spark.sql.shuffle.partitions')).toEqual([expect.stringContaining('value="321"')]);
  expect(info(metrics, 'spark.sql.session.timeZone')).toEqual([expect.stringContaining('value="UTC"')]);
  expect(info(metrics, 'user.timezone')).toEqual([expect.stringContaining('value="UTC"')]);
  expect(info(metrics, 'DB_PASSWORD')).toEqual([expect.stringContaining(`hash="${secretHashValue(Buffer.from(SALT), 'DB_PASSWORD', PLANTED.db)}"`)]);
  for (const hidden of ['DB_PASSWORD', 'app.config', 'kafka.truststore', 'kafka.client', 'app.yaml', 'spark.s3a', 'keystore']) {
    expect(info(metrics, hidden), hidden).toHaveLength(1);
    expect(info(metrics, hidden)[0], hidden).not.toContain('value=');
  }
}

function expectNoPlantedSecret(everything: string): void {
  for (const [name, secret] of Object.entries(PLANTED)) expect(everything.includes(secret), `planted ${name} secret leaked`).toBe(false);
}

describe('reading a workload from its process', () => {
  it('On EMR, a host daemon is read through the real /proc: env, command line and files, and no planted secret leaks.', async () => {
    const conf = join(work, 'emr');
    writeConfTree(conf);
    const exporter = await startExporter({ TZ: 'America/New_York' }, ['--spec', writeSpec(work, conf), '--proc-root', '/proc'], IDENTITY);
    try {
      const { metrics, state, everything } = await outputs(exporter);
      expectReadCorrectly(metrics, state);
      expect(state).toContain(`process:${child.pid}:cmdline`);
      expectNoPlantedSecret(everything);
    } finally {
      await exporter.stop();
    }
  }, 60_000);

  it('On Kubernetes, a container process is found by its pod cgroup and read from its own root, and no planted secret leaks.', async () => {
    const container = join(work, 'container-root');
    writeConfTree(container);
    const tree: ProcTree = writeProcTree([
      { pid: 1, argv: ['/usr/lib/systemd/systemd', '--system'], cgroup: '0::/init.scope\n' },
      { pid: 812, argv: ['/usr/bin/kubelet', '--config=/etc/kubernetes/kubelet/config.json'], cgroup: '0::/runtime.slice/kubelet.service\n' },
      { pid: 4100, argv: ['/pause'], cgroup: `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID_SPARK.replace(/-/g, '_')}.slice\n` },
      { pid: 4242, realPid: child.pid as number, cgroup: cgroupV2(UID_SPARK, CID_SPARK), rootDir: container },
      {
        pid: 5120,
        argv: ['/usr/bin/python3', '/home/airflow/.local/bin/airflow', 'celery', 'worker'],
        env: { TZ: 'Europe/Dublin' },
        cgroup: cgroupV1(UID_AIRFLOW, CID_AIRFLOW),
      },
      { pid: 6001, argv: ['/usr/bin/yarn', 'nodemanager'], cgroup: HOST_CGROUP },
    ]);
    const exporter = await startExporter({ TZ: 'America/New_York' }, ['--spec', writeSpec(work, ''), '--proc-root', tree.procRoot], IDENTITY);
    try {
      const { metrics, state, everything } = await outputs(exporter);
      expectReadCorrectly(metrics, state);
      expect(info(metrics, 'TZ', 'airflow-worker')).toEqual([expect.stringContaining('value="Europe/Dublin"')]);
      expect(state).toContain(`process:pod-uid/${UID_SPARK}/${CID_SPARK.slice(0, 12)}/4242`);
      expectNoPlantedSecret(everything);
    } finally {
      await exporter.stop();
      tree.remove();
    }
  }, 60_000);
});
