/**
 * The EMR install: the self-contained artefact (bundle plus Node runtime), the hardened unit
 * (systemd-analyze verify), and the bootstrap action run into a directory with `aws` and the
 * instance metadata service played by local stubs (no AWS here).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SPEC } from './chart-values';

const REPO = resolve(import.meta.dirname, '../..');
const UNIT = join(REPO, 'deploy/emr/plumb-exporter.service');
let tarball: string;
let unpacked: string;

/** A fake S3 prefix (a directory) and stubs for aws and curl on PATH. */
function stubs(bucket: string): string {
  const bin = mkdtempSync(join(tmpdir(), 'plumb-stubs-'));
  writeFileSync(
    join(bin, 'aws'),
    `#!/bin/sh\n# aws s3 cp [--only-show-errors] s3://b/p/NAME DEST\nfor a; do case "$a" in s3://*) src="$a";; esac; done\nshift $(($# - 1)); dest="$1"\nname=\${src##*/}\n[ -f "${bucket}/$name" ] || { echo "NoSuchKey: $name" >&2; exit 1; }\ncp "${bucket}/$name" "$dest"\n`,
  );
  writeFileSync(
    join(bin, 'curl'),
    '#!/bin/sh\nfor a; do last="$a"; done\ncase "$last" in */api/token) echo tok;; */placement/region) echo eu-west-1;; */instance-type) echo r6i.4xlarge;; *) exit 22;; esac\n',
  );
  chmodSync(join(bin, 'aws'), 0o755);
  chmodSync(join(bin, 'curl'), 0o755);
  return bin;
}

function emrInfo(root: string): void {
  mkdirSync(join(root, 'mnt/var/lib/info'), { recursive: true });
  writeFileSync(join(root, 'mnt/var/lib/info/instance.json'), JSON.stringify({ isMaster: false, instanceGroupId: 'ig-CORE1' }));
  writeFileSync(
    join(root, 'mnt/var/lib/info/job-flow.json'),
    JSON.stringify(
      {
        jobFlowId: 'j-2AXXXXXXGAPLF',
        instanceGroups: [
          { instanceGroupId: 'ig-MASTER1', instanceRole: 'Master' },
          { instanceGroupId: 'ig-CORE1', instanceRole: 'Core' },
        ],
      },
      null,
      2,
    ),
  );
}

function bucketWith(files: Record<string, string>): string {
  const bucket = mkdtempSync(join(tmpdir(), 'plumb-bucket-'));
  copyFileSync(tarball, join(bucket, 'plumb-exporter-linux-x64.tar.gz'));
  copyFileSync(`${tarball}.sha256`, join(bucket, 'plumb-exporter-linux-x64.tar.gz.sha256'));
  copyFileSync(EXAMPLE_SPEC, join(bucket, 'desired-state.yaml'));
  writeFileSync(join(bucket, 'salt'), '134eec630eac1254ad6b1e2417a361ada0cd23b40c51daa1\n');
  for (const [k, v] of Object.entries(files)) writeFileSync(join(bucket, k), v);
  return bucket;
}

function bootstrap(root: string, bucket: string, args: string[]) {
  return spawnSync('bash', [join(REPO, 'deploy/emr/bootstrap-plumb-exporter.sh'), 's3://paywave-plumb/plumb', ...args], {
    env: { PATH: `${stubs(bucket)}:${process.env.PATH ?? ''}`, PLUMB_ROOT: root, HOME: root },
    encoding: 'utf8',
  });
}

beforeAll(() => {
  tarball = execFileSync('bash', [join(REPO, 'scripts/emr/package.sh'), 'x64'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1) as string;
  tarball = resolve(REPO, tarball);
  unpacked = mkdtempSync(join(tmpdir(), 'plumb-emr-artefact-'));
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
}, 300_000);

describe('the EMR artefact and unit', () => {
  it('The artefact runs the exporter with its own Node runtime and nothing else.', () => {
    const r = spawnSync(
      join(unpacked, 'node/bin/node'),
      [join(unpacked, 'exporter/dist/plumb-exporter.mjs'), '--spec', EXAMPLE_SPEC, '--once', '--no-commands', '--platform', 'emr'],
      {
        env: { PLUMB_SALT: '134eec630eac1254ad6b1e2417a361ada0cd23b40c51daa1' },
        cwd: unpacked,
        encoding: 'utf8',
      },
    );
    expect(r.stderr).not.toMatch(/Cannot find|ERR_/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^plumb_node_info\{.*platform="emr"\} 1$/m);
  });

  it('systemd-analyze verify accepts the unit as shipped, with nothing to report.', () => {
    const root = mkdtempSync(join(tmpdir(), 'plumb-sd-root-'));
    mkdirSync(join(root, 'usr/lib/systemd'), { recursive: true });
    // The stock units (sysinit.target, …) the unit's dependencies resolve against.
    cpSync('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'), { recursive: true });
    mkdirSync(join(root, 'etc/systemd/system'), { recursive: true });
    copyFileSync(join(unpacked, 'systemd/plumb-exporter.service'), join(root, 'etc/systemd/system/plumb-exporter.service'));
    cpSync(join(unpacked, 'node'), join(root, 'opt/plumb/node'), { recursive: true });
    const r = spawnSync('systemd-analyze', ['verify', `--root=${root}`, 'plumb-exporter.service'], { encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });

  it.each([
    ['User', 'plumb'],
    ['NoNewPrivileges', 'yes'],
    ['ProtectSystem', 'strict'],
    ['ProtectHome', 'read-only'],
    ['StateDirectory', 'plumb-exporter'],
    ['CapabilityBoundingSet', ''],
  ])('The unit sets %s=%s.', (key, value) => {
    expect(readFileSync(UNIT, 'utf8')).toMatch(new RegExp(`^${key}=${value}$`, 'm'));
  });

  it('The spool the unit passes is inside its StateDirectory, the one place it may write.', () => {
    const text = readFileSync(UNIT, 'utf8');
    const state = /^StateDirectory=(.+)$/m.exec(text)?.[1];
    expect(text).toContain(`--spool /var/lib/${state}/changes.spool`);
  });
});

describe('the bootstrap action', () => {
  it('It installs the artefact, spec, salt and an env file whose identity comes from the instance.', () => {
    const root = mkdtempSync(join(tmpdir(), 'plumb-emr-root-'));
    emrInfo(root);
    const bucket = bucketWith({
      'kafka.env': 'PLUMB_KAFKA_SASL_MECHANISM=scram-sha-512\nPLUMB_KAFKA_SASL_USERNAME=plumb-exporter\nPLUMB_KAFKA_SASL_PASSWORD=must-not-land-here\n',
      'kafka-password': 'pw\n',
    });
    const r = bootstrap(root, bucket, ['--kafka-brokers', 'b-1.msk.internal:9096,b-2.msk.internal:9096']);
    expect(r.stderr).toContain('pool emr-core');
    expect(r.status).toBe(0);
    const env = readFileSync(join(root, 'etc/plumb/exporter.env'), 'utf8');
    expect(env).toContain(
      'PLUMB_REGION=eu-west-1\nPLUMB_INSTANCE_TYPE=r6i.4xlarge\nPLUMB_POOL=emr-core\nPLUMB_EMR_INSTANCE_GROUP=CORE\nPLUMB_KAFKA_BROKERS=b-1.msk.internal:9096,b-2.msk.internal:9096\n',
    );
    expect(env).toContain('PLUMB_KAFKA_SASL_PASSWORD_FILE=/etc/plumb/kafka-password');
    expect(env).not.toContain('must-not-land-here');
    expect(statSync(join(root, 'etc/plumb/salt')).mode & 0o777).toBe(0o440);
    expect(statSync(join(root, 'etc/plumb/kafka-password')).mode & 0o777).toBe(0o440);
    expect(readFileSync(join(root, 'etc/systemd/system/plumb-exporter.service'), 'utf8')).toBe(readFileSync(UNIT, 'utf8'));
    const run = spawnSync(
      join(root, 'opt/plumb/node/bin/node'),
      [
        join(root, 'opt/plumb/exporter/dist/plumb-exporter.mjs'),
        '--spec',
        join(root, 'etc/plumb/desired-state.yaml'),
        '--once',
        '--no-commands',
        '--platform',
        'emr',
        '--region',
        'eu-west-1',
        '--pool',
        'emr-core',
      ],
      {
        env: { PLUMB_SALT: '134eec630eac1254ad6b1e2417a361ada0cd23b40c51daa1' },
        encoding: 'utf8',
      },
    );
    expect(run.stdout).toMatch(/^plumb_node_info\{.*pool="emr-core",platform="emr"\} 1$/m);
  });

  it('An artefact whose checksum does not match is not installed.', () => {
    const root = mkdtempSync(join(tmpdir(), 'plumb-emr-root-'));
    emrInfo(root);
    const bucket = bucketWith({ 'plumb-exporter-linux-x64.tar.gz.sha256': `${'0'.repeat(64)}  plumb-exporter-linux-x64.tar.gz\n` });
    const r = bootstrap(root, bucket, []);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('checksum mismatch');
    expect(() => statSync(join(root, 'opt/plumb/node'))).toThrow();
  });
});
