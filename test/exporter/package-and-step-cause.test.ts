/**
 * Attribution from the node itself, end to end in the exporter: an OS package upgraded
 * through dpkg carries the dpkg.log line that upgraded it, and on EMR a file changed while
 * a step runs carries that step's id. Both reach the change event and the rendered
 * `plumb_config_change_cause_info` series (which the drift explorer shows).
 */
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC } from '@plumb/core/contract';
import { loadSpecText } from '@plumb/core/spec/load';
import type { ChangeEvent } from '@plumb/core/state/events';
import { createMemoryLogger } from '@plumb/exporter/log';
import { renderNodeState } from '@plumb/exporter/metrics/render';
import { createExporter } from '@plumb/exporter/runtime/exporter';

const SPEC = `
apiVersion: plumb/v1
kind: DesiredState
metadata: { name: node-cause }
workloads:
  - { name: host, match: { always: true } }
dimensions:
  - { key: os.pkg.openjdk, workloads: [host], source: { kind: runtime, probe: os-package, name: openjdk-17-jre-headless }, type: version, expose: true, severity: info }
  - { key: spark.sql.session.timeZone, workloads: [host], source: { kind: file, path: /etc/spark/conf/spark-defaults.conf, format: spark-defaults, key: spark.sql.session.timeZone }, expose: true, severity: correctness-risk }
`;
const UPGRADE = '2026-03-01 12:00:01 upgrade openjdk-17-jre-headless:amd64 17.0.9+9-1~deb12u1 17.0.10+7-1~deb12u1';
const STEP = 's-2AB3CD4EF5GH';

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
const status = (version: string) => `Package: openjdk-17-jre-headless\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${version}\n\n`;

/** Runs the exporter over `root` twice, with `between` changing the node in the meantime. */
async function twoCollections(root: string, between: () => void): Promise<{ events: ChangeEvent[]; metrics: string }> {
  const loaded = loadSpecText(SPEC, 'node-cause.yaml');
  if (!loaded.ok) throw new Error(`spec: ${JSON.stringify(loaded)}`);
  const events: ChangeEvent[] = [];
  let nowMs = Date.parse('2026-03-01T11:59:00Z');
  const exporter = createExporter({
    model: loaded.model,
    host: { salt: Buffer.from('node-cause-salt-0123456789abcdef'), root, runCommands: false },
    identity: () => ({ node: 'emr-primary-1', region: 'us-east-1', instanceType: 'm6i.xlarge', pool: 'emr', platform: 'emr' }),
    sink: { write: async (batch) => void events.push(...batch), close: async () => {} },
    logger: createMemoryLogger(),
    now: () => nowMs,
  });
  await exporter.collect();
  between();
  nowMs = Date.parse('2026-03-01T12:01:00Z');
  const state = await exporter.collect();
  return { events, metrics: await renderNodeState(state, { version: 'test', spec: 'node-cause' }) };
}

describe('causes the node itself records', () => {
  it('A package upgraded through dpkg carries the dpkg.log line that upgraded it, to the event and the cause series.', async () => {
    const root = mkdtempSync(join(tmpdir(), 'plumb-dpkg-cause-'));
    write(root, '/var/lib/dpkg/status', status('17.0.9+9-1~deb12u1'));
    write(root, '/var/log/dpkg.log', '2026-02-01 09:15:41 install openjdk-17-jre-headless:amd64 <none> 17.0.9+9-1~deb12u1\n');
    const { events, metrics } = await twoCollections(root, () => {
      write(root, '/var/lib/dpkg/status', status('17.0.10+7-1~deb12u1'));
      appendFileSync(join(root, '/var/log/dpkg.log'), `2026-03-01 12:00:01 startup archives unpack\n${UPGRADE}\n`);
    });
    const change = events.find((e) => e.dimension === 'os.pkg.openjdk' && e.oldHash !== undefined);
    expect(change?.cause).toEqual({ kind: 'package-manager', entry: UPGRADE, at: '2026-03-01T12:00:01.000Z' });
    const at = Date.parse('2026-03-01T12:00:01Z') / 1000;
    expect(metrics).toContain(`${METRIC.changeCause}{workload="host",dimension="os.pkg.openjdk",cause="package-manager",by="${UPGRADE}"} ${at}\n`);
  });

  it('A file changed while an EMR step runs carries the step id.', async () => {
    const root = mkdtempSync(join(tmpdir(), 'plumb-emr-cause-'));
    write(root, '/etc/spark/conf/spark-defaults.conf', 'spark.sql.session.timeZone UTC\n');
    const { events, metrics } = await twoCollections(root, () => {
      write(
        root,
        `/mnt/var/log/hadoop/steps/${STEP}/controller`,
        `2026-03-01T12:00:00.512Z INFO Ensure step 3 jar file command-runner.jar\nINFO startExec 'hadoop jar /var/lib/aws/emr/step-runner/hadoop-jars/command-runner.jar bash -c ./tz.sh'\n`,
      );
      write(root, '/etc/spark/conf/spark-defaults.conf', 'spark.sql.session.timeZone America/New_York\n');
    });
    const change = events.find((e) => e.dimension === 'spark.sql.session.timeZone' && e.oldHash !== undefined);
    expect(change?.cause).toEqual({ kind: 'emr-step', stepId: STEP });
    expect(metrics).toMatch(
      new RegExp(`^${METRIC.changeCause}\\{workload="host",dimension="spark.sql.session.timeZone",cause="emr-step",by="${STEP}"\\} \\d+\\n`, 'm'),
    );
  });

  it('A change with no step running and no log entry stays unknown.', async () => {
    const root = mkdtempSync(join(tmpdir(), 'plumb-no-cause-'));
    write(root, '/etc/spark/conf/spark-defaults.conf', 'spark.sql.session.timeZone UTC\n');
    write(
      root,
      `/mnt/var/log/hadoop/steps/${STEP}/controller`,
      '2026-03-01T11:00:00.000Z INFO Ensure step 1\n2026-03-01T11:10:00.000Z INFO Step succeeded with exitCode 0 and took 600 seconds\n',
    );
    const { events } = await twoCollections(root, () => write(root, '/etc/spark/conf/spark-defaults.conf', 'spark.sql.session.timeZone Asia/Tokyo\n'));
    expect(events.find((e) => e.dimension === 'spark.sql.session.timeZone' && e.oldHash !== undefined)?.cause).toEqual({ kind: 'unknown' });
  });
});
