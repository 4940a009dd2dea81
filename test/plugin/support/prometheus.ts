/**
 * A real Prometheus (Debian's /usr/bin/prometheus) loaded with the test fleet: the
 * last half hour is turned into TSDB blocks by promtool (so range functions, onset
 * and flapping have history), then Prometheus scrapes the same series live from a
 * local endpoint (honor_labels keeps each node's `instance`), and the rules compiled
 * from the spec evaluate on top.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compileModel, RULE_FILE } from '@plumb/core/compile/compile';
import { loadSpecFile } from '@plumb/io';
import type { Model } from '@plumb/core/spec/model';
import { buildTestFleet } from './fleet';
import { exporterStartSeconds, fleetSeries, renderExposition, renderOpenMetrics } from './fleet-series';
import { startPrometheusServer, type PrometheusServer } from '../../support/prometheus-server';

const run = promisify(execFile);
export const TEST_SALT = Buffer.from('plumb-test-salt-do-not-use-in-prod');
export const PAYWAVE_SPEC = 'examples/paywave/desired-state.yaml';

export interface FleetPrometheus {
  url: string;
  model: Model;
  dir: string;
  /** When injected drift changed the hashes (the onset of most drift). */
  driftOnsetSeconds: number;
  /** When every test exporter started (the onset of drift unchanged since then). */
  exporterStartSeconds: number;
  stop(): Promise<void>;
}

/** Builds blocks for the test fleet and starts Prometheus on them with the compiled rules. */
export async function startFleetPrometheus(specPath = PAYWAVE_SPEC, extraTargets: { job: string; target: string }[] = []): Promise<FleetPrometheus> {
  const loaded = loadSpecFile(specPath);
  if (!loaded.ok) throw new Error(`spec ${specPath} does not load: ${loaded.errors.map((e) => e.message).join('; ')}`);
  const model = loaded.model;
  const dir = mkdtempSync(join(tmpdir(), 'plumb-plugin-prom-'));
  const now = Math.floor(Date.now() / 1000);
  const seriesOptions = { model, salt: TEST_SALT, startSeconds: now - 1800, driftOnsetSeconds: now - 2400 };
  const series = fleetSeries(buildTestFleet(), seriesOptions);
  writeFileSync(join(dir, 'fleet.om'), renderOpenMetrics(series, now - 1800, now - 60, 60));
  await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'fleet.om'), join(dir, 'data')], { maxBuffer: 64 * 1024 * 1024 });
  const compiled = compileModel(model, TEST_SALT, specPath);
  writeFileSync(join(dir, RULE_FILE), compiled.files[RULE_FILE]!);
  const exposition = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(renderExposition(series, Date.now() / 1000));
  });
  await new Promise<void>((r) => exposition.listen(0, '127.0.0.1', r));
  const target = `127.0.0.1:${(exposition.address() as { port: number }).port}`;
  const config = [
    'global: { scrape_interval: 5s, evaluation_interval: 5s }',
    `rule_files: [${JSON.stringify(join(dir, RULE_FILE))}]`,
    'scrape_configs:',
    `  - { job_name: fleet-sim, honor_labels: true, static_configs: [{ targets: ['${target}'] }] }`,
    ...extraTargets.map((t) => `  - { job_name: ${t.job}, static_configs: [{ targets: ['${t.target}'] }] }`),
    '',
  ].join('\n');
  const stopExposition = async () => {
    await new Promise((r) => exposition.close(r));
    rmSync(dir, { recursive: true, force: true });
  };
  let prometheus: PrometheusServer;
  try {
    prometheus = await startPrometheusServer({ dir, config, args: ['--storage.tsdb.retention.time=30d'] });
  } catch (err) {
    await stopExposition();
    throw err;
  }
  const { url, logFile } = prometheus;
  const stop = async () => {
    await prometheus.stop();
    await stopExposition();
  };
  try {
    // Rules feed on each other across groups: wait until every group has run twice.
    const startedMs = Date.now();
    await waitFor(
      async () => {
        const res = (await (await fetch(`${url}/api/v1/rules`)).json()) as { data: { groups: { lastEvaluation: string }[] } };
        return res.data.groups.length > 0 && res.data.groups.every((g) => Date.parse(g.lastEvaluation) > startedMs + 5_000);
      },
      60_000,
      () => `rules did not evaluate within 60 s; see ${logFile}`,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, model, dir, driftOnsetSeconds: seriesOptions.driftOnsetSeconds, exporterStartSeconds: exporterStartSeconds(seriesOptions), stop };
}

/** Runs an instant query and returns the vector; throws with Prometheus's error text. */
export async function instant(url: string, query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: unknown } };
  if (body.status !== 'success') throw new Error(`query failed: ${body.error ?? res.status}: ${query}`);
  return (body.data?.resultType === 'vector' ? body.data.result : []) as { metric: Record<string, string>; value: [number, string] }[];
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(describe());
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
