import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo, Socket } from 'node:net';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpecFile } from '@plumb/io';
import { createExporterServer } from '@plumb/exporter/http/server';
import { createMemoryLogger } from '@plumb/exporter/log';
import { ReportStore } from '@plumb/exporter/reports/store';
import { FIXTURE_SPEC, nextCollection, startExporter, type RunningExporter } from './support';

/** Known secret values planted in env vars, files (see exporter/testdata/hosts) and report bodies. */
const PLANTED_ENV = {
  KAFKA_SASL_PASSWORD: 'PLANTED-ENV-SASL-abcd',
  SNOWFLAKE_TOKEN: 'PLANTED-ENV-TOKEN-ee11',
  AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: 'postgresql://airflow:PLANTED-AIRFLOW-ENV-55@db/airflow',
  AIRFLOW__CELERY__BROKER_URL_CMD: 'cat /run/secrets/PLANTED-CMD-PATH',
  JAVA_HOME: '/usr/lib/jvm/java-17',
  VIRTUAL_ENV: '/opt/venv',
  TZ: 'UTC',
};
const PLANTED = /PLANTED|hunter2/;

let exp: RunningExporter;
let startWindow: [number, number];
beforeAll(async () => {
  const before = Math.floor(Date.now() / 1000);
  exp = await startExporter(PLANTED_ENV);
  startWindow = [before, Math.floor(Date.now() / 1000)];
});
afterAll(async () => {
  expect(await exp.stop()).toBe(0);
});

async function post(
  path: string,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${exp.url}${path}`, { method: 'POST', body, headers });
  return { status: res.status, text: await res.text() };
}

describe('plumb-exporter over real HTTP', () => {
  it('promtool check metrics reports no problems on the real /metrics output.', async () => {
    const text = await (await fetch(`${exp.url}/metrics`)).text();
    expect(text).toContain('plumb_node_info{node="it-node-1",region="eu-west-1",instance_type="m6i.large",pool="spark-streaming",platform="host"} 1');
    const out = execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    expect(out.trim()).toBe('');
  });

  it('The metrics carry every family of the contract, with exposable values and hash-only secrets.', async () => {
    const text = await (await fetch(`${exp.url}/metrics`)).text();
    for (const name of [
      'plumb_node_info',
      'plumb_config_info',
      'plumb_config_value',
      'plumb_config_last_change_timestamp_seconds',
      'plumb_config_changes_total',
      'plumb_exporter_start_time_seconds',
      'plumb_collector_success',
      'plumb_collector_last_success_timestamp_seconds',
      'plumb_collector_duration_seconds',
      'plumb_collector_errors_total',
      'plumb_report_partial',
      'plumb_exporter_build_info',
    ]) {
      expect(text).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    }
    expect(text).toMatch(/^plumb_config_info\{workload="airflow-worker",dimension="celery.worker_concurrency",hash="[0-9a-f]{16}",value="16"\} 1$/m);
    expect(text).toMatch(/^plumb_config_info\{workload="airflow-worker",dimension="database.sql_alchemy_conn",hash="[0-9a-f]{16}"\} 1$/m);
    expect(text).toMatch(/^plumb_config_info\{workload="spark-streaming",dimension="KAFKA_SASL_PASSWORD",hash="[0-9a-f]{16}"\} 1$/m);
    expect(text).toMatch(/^plumb_config_value\{workload="spark-streaming",dimension="fetch.min.bytes"\} 1048576$/m);
    expect(text).toMatch(/^plumb_report_partial 0$/m);
  });

  it('Scrapes are served gzip-compressed when asked, with the same content.', async () => {
    const plain = await new Promise<Buffer>((resolve, reject) => {
      request(`${exp.url}/metrics`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        expect(res.headers['content-encoding']).toBe('gzip');
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(gunzipSync(Buffer.concat(chunks))));
      })
        .on('error', reject)
        .end();
    });
    expect(plain.toString()).toContain('# TYPE plumb_config_info gauge');
  });

  it('/state is redacted JSON with hashes everywhere and values only where exposable.', async () => {
    const state = (await (await fetch(`${exp.url}/state`)).json()) as {
      partial: boolean;
      dimensions: { workload: string; dimension: string; hash: string; value?: string }[];
    };
    expect(state.partial).toBe(false);
    const dims = new Map(state.dimensions.map((d) => [`${d.workload}/${d.dimension}`, d]));
    expect(dims.get('spark-streaming/spark.sql.session.timeZone')?.value).toBe('UTC');
    expect(dims.get('dbt-runner/dbt.profile.password')?.value).toBeUndefined();
    expect(dims.get('dbt-runner/dbt.profile.password')?.hash).toMatch(/^[0-9a-f]{16}$/);
    expect((await fetch(`${exp.url}/healthz`)).status).toBe(200);
  });

  it('A report from loopback is accepted, becomes dimensions at the next collection, and its secret is only hashed.', async () => {
    const body = JSON.stringify({
      workload: 'dbt-runner',
      id: 'dbt-run-42',
      source: 'dbt',
      config: { 'snowflake.password': 'PLANTED-REPORT-PW-9', unrelated: 'PLANTED-UNRELATED' },
    });
    const res = await post('/v1/report', body);
    expect(res.status).toBe(202);
    const spark = await post(
      '/v1/report',
      JSON.stringify({ workload: 'spark-streaming', id: 'app-1', source: 'spark', config: { 'spark.sql.shuffle.partitions': '800' } }),
    );
    expect(spark.status).toBe(202);
    await nextCollection(exp.url);
    const text = await (await fetch(`${exp.url}/metrics`)).text();
    expect(text).toMatch(/^plumb_config_info\{workload="dbt-runner",dimension="snowflake.conn",hash="[0-9a-f]{16}"\} 1$/m);
    expect(text).toMatch(/^plumb_config_value\{workload="spark-streaming",dimension="spark.shuffle.effective"\} 800$/m);
  });

  it.each([
    { name: 'A body that is not JSON is refused with 400.', body: '{"password": "PLANTED-BAD-JSON', status: 400 },
    {
      name: 'A body that breaks the schema is refused with 422 naming the field.',
      body: JSON.stringify({ workload: 'dbt-runner', id: 'x', config: { password: 12, nested: { a: 'PLANTED-NESTED' } } }),
      status: 422,
    },
    {
      name: 'A report for a workload the spec does not know is refused with 422.',
      body: JSON.stringify({ workload: 'plantedworkload', id: 'x', config: {} }),
      status: 422,
    },
    {
      name: 'A body over 64 KiB is refused with 413.',
      body: JSON.stringify({ workload: 'dbt-runner', id: 'x', config: { k: 'PLANTED-'.repeat(10_000) } }),
      status: 413,
    },
  ])('$name', async ({ body, status }) => {
    const res = await post('/v1/report', body);
    expect(res.status).toBe(status);
    expect(res.text).not.toMatch(PLANTED);
    expect(JSON.parse(res.text)).toHaveProperty('error');
  });

  it('A chunked body without a length is cut off at 64 KiB with 413, and the exporter keeps serving.', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${exp.url}/v1/report`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? resolve(413) : reject(err)));
      const chunk = `{"workload":"dbt-runner","id":"x","config":{"k":"${'PLANTED-CHUNK-'.repeat(1000)}`;
      for (let i = 0; i < 10; i++) req.write(chunk);
      req.end('"}}');
    });
    expect(status).toBe(413);
    expect((await fetch(`${exp.url}/healthz`)).status).toBe(200);
  });

  it('A report without a JSON content type is refused with 415.', async () => {
    expect((await post('/v1/report', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('A report whose socket peer is not loopback is refused with 403, whatever the bind address.', async () => {
    const model = loadSpecFile(FIXTURE_SPEC);
    if (!model.ok) throw new Error('fixture spec does not load');
    const reports = new ReportStore(model.model, 60_000);
    const identity = { node: 'n', region: 'r', instanceType: 't', pool: 'p', platform: 'host' as const };
    const server = createExporterServer({
      exporter: { collect: () => Promise.reject(new Error('unused')), current: () => undefined, version: () => 0 },
      registry: new Registry(),
      reports,
      logger: createMemoryLogger(),
      spec: 'x',
      identity: () => identity,
    });
    // The server sees the peer a remote host would have; the check reads the socket, not a header.
    server.prependListener('connection', (socket: Socket) => Object.defineProperty(socket, 'remoteAddress', { value: '10.1.2.3', configurable: true }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/v1/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workload: 'dbt-runner', id: 'x', config: {} }),
    });
    expect(res.status).toBe(403);
    expect(reports.size(Date.now())).toBe(0);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('Unknown paths answer 404 and wrong methods 405.', async () => {
    expect((await fetch(`${exp.url}/nope`)).status).toBe(404);
    expect((await fetch(`${exp.url}/metrics`, { method: 'DELETE' })).status).toBe(405);
  });

  it('A malformed file marks only the files collector failed, counts an error, makes the report partial and drops its dimensions.', async () => {
    const file = join(exp.root, 'etc/kafka/consumer.properties');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, 'fetch.min.bytes=1048576\nssl.key.password=PLANTED-MALFORMED-\\u12G4\n');
    try {
      await nextCollection(exp.url);
      const text = await (await fetch(`${exp.url}/metrics`)).text();
      expect(text).toMatch(/^plumb_collector_success\{collector="files"\} 0$/m);
      expect(text).toMatch(/^plumb_collector_success\{collector="env"\} 1$/m);
      expect(text).toMatch(/^plumb_collector_errors_total\{collector="files"\} [1-9]\d*$/m);
      expect(text).toMatch(/^plumb_report_partial 1$/m);
      expect(text).not.toMatch(/^plumb_config_info\{[^}]*dimension="fetch.min.bytes"/m);
      expect(text).toMatch(/^plumb_config_info\{[^}]*dimension="spark.sql.session.timeZone"/m);
      expect(exp.logs.some((l) => l.includes('collector failed') && l.includes('/etc/kafka/consumer.properties'))).toBe(true);
    } finally {
      writeFileSync(file, good);
    }
    await nextCollection(exp.url);
    // The rules read the node's verdict, `plumb_report_partial`: it follows the collectors in the same scrape.
    const recovered = await (await fetch(`${exp.url}/metrics`)).text();
    expect(recovered).toMatch(/^plumb_collector_success\{collector="files"\} 1$/m);
    expect(recovered).toMatch(/^plumb_report_partial 0$/m);
  });

  it('The changes counter and the last-change timestamp are absent while a dimension is steady, appear on a change and follow the revert; the start time stays put.', async () => {
    const counter = /^plumb_config_changes_total\{workload="dbt-runner",dimension="release.channel"\} (\d+)$/m;
    const lastChange = /^plumb_config_last_change_timestamp_seconds\{workload="dbt-runner",dimension="release.channel"\} (\d+)$/m;
    const started = /^plumb_exporter_start_time_seconds (\d+)$/m;
    const metrics = async () => (await fetch(`${exp.url}/metrics`)).text();
    const steady = await metrics();
    expect(steady).not.toMatch(/^plumb_config_changes_total\{/m);
    expect(steady).not.toMatch(/^plumb_config_last_change_timestamp_seconds\{/m);
    const startedAt = Number(started.exec(steady)?.[1]);
    expect(startedAt).toBeGreaterThanOrEqual(startWindow[0]);
    expect(startedAt).toBeLessThanOrEqual(startWindow[1]);
    const file = join(exp.root, 'etc/plumb/release.txt');
    const good = readFileSync(file, 'utf8');
    let firstChange = 0;
    try {
      writeFileSync(file, 'hotfix\n');
      await nextCollection(exp.url);
      const changed = await metrics();
      expect(counter.exec(changed)?.[1]).toBe('1');
      firstChange = Number(lastChange.exec(changed)?.[1]);
      expect(firstChange).toBeGreaterThanOrEqual(startedAt);
    } finally {
      writeFileSync(file, good);
    }
    await nextCollection(exp.url);
    const text = await metrics();
    expect(counter.exec(text)?.[1]).toBe('2');
    expect(Number(lastChange.exec(text)?.[1])).toBeGreaterThanOrEqual(firstChange);
    expect(text.match(/^plumb_config_changes_total\{/gm)).toHaveLength(1);
    expect(text.match(/^plumb_config_last_change_timestamp_seconds\{/gm)).toHaveLength(1);
    expect(Number(started.exec(text)?.[1])).toBe(startedAt);
    const state = (await (await fetch(`${exp.url}/state`)).json()) as {
      startedAt: string;
      dimensions: { workload: string; dimension: string; lastChange?: string; changes: number }[];
    };
    expect(state.startedAt).toBe(new Date(startedAt * 1000).toISOString());
    expect(state.dimensions.filter((d) => d.lastChange !== undefined).map((d) => `${d.workload}/${d.dimension}:${d.changes}`)).toEqual([
      'dbt-runner/release.channel:2',
    ]);
  });

  it('No planted secret appears in /metrics, /state, logs, stdout, stderr or change events.', async () => {
    await nextCollection(exp.url);
    const everything = [
      await (await fetch(`${exp.url}/metrics`)).text(),
      await (await fetch(`${exp.url}/state`)).text(),
      ...exp.logs,
      ...exp.stdout,
      ...exp.stderr,
      JSON.stringify(exp.events),
    ].join('\n');
    expect(exp.events.length).toBeGreaterThan(10);
    expect(everything).not.toMatch(PLANTED);
    for (const value of Object.values(PLANTED_ENV).filter((v) => v.includes('PLANTED'))) expect(everything).not.toContain(value);
  });
});
