/**
 * Starts plumb-exporter in-process on a free loopback port over a merged fixture
 * tree, with a capturing logger and sink, for integration tests.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '@plumb/exporter/main';
import { createMemoryLogger } from '@plumb/exporter/log';
import type { ChangeEvent, EventSink } from '@plumb/core/state/events';

export const REPO = resolve(import.meta.dirname, '../..');
export const FIXTURE_SPEC = join(REPO, 'exporter/testdata/hosts/spec.yaml');
export const SALT = 'f2924faadc84cbef42c39475fdd862eb63b39363f747c18d';

export interface RunningExporter {
  url: string;
  port: number;
  logs: string[];
  stdout: string[];
  stderr: string[];
  events: ChangeEvent[];
  root: string;
  stop(): Promise<number>;
}

/** A fixture root that merges the spark, airflow and dbt trees. */
export function mergedRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'plumb-exporter-root-'));
  for (const tree of ['spark-node', 'airflow-node', 'dbt-node']) cpSync(join(REPO, 'exporter/testdata/hosts', tree), root, { recursive: true });
  return root;
}

const DEFAULT_IDENTITY = [
  '--node',
  'it-node-1',
  '--region',
  'eu-west-1',
  '--instance-type',
  'm6i.large',
  '--pool',
  'spark-streaming',
  '--workloads',
  'spark-streaming,airflow-worker,dbt-runner,host',
];

/** Starts the exporter; `identity` replaces the default node, region, type, pool and workload flags. */
export async function startExporter(env: Record<string, string>, args: string[] = [], identity: string[] = DEFAULT_IDENTITY): Promise<RunningExporter> {
  const root = mergedRoot();
  const logger = createMemoryLogger();
  const events: ChangeEvent[] = [];
  const stdout: string[] = [];
  const stderr: string[] = [];
  const sink: EventSink<ChangeEvent> = { write: async (r) => void events.push(...r), close: async () => {} };
  let stop!: () => void;
  const stopSignal = new Promise<void>((r) => (stop = r));
  let onPort!: (p: number) => void;
  const listening = new Promise<number>((r) => (onPort = r));
  const done = main(
    ['--spec', FIXTURE_SPEC, '--listen', '127.0.0.1:0', '--root', root, '--interval', '1s', '--jitter', '0', ...identity, '--no-commands', ...args],
    {
      env: { PLUMB_SALT: SALT, ...env },
      stdout: (t) => void stdout.push(t),
      stderr: (t) => void stderr.push(t),
      sink,
      logger,
      stopSignal,
      onListening: (p) => onPort(p),
    },
  );
  const port = await Promise.race([listening, done.then((code) => Promise.reject(new Error(`exporter exited early with ${code}: ${stderr.join('')}`)))]);
  const url = `http://127.0.0.1:${port}`;
  // The first collection runs scrypt once per secret value (tens of ms each, seconds on a busy machine).
  for (let i = 0; i < 1200; i++) {
    const health = (await (await fetch(`${url}/healthz`)).json()) as { collected: boolean };
    if (health.collected) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port,
    logs: logger.lines,
    stdout,
    stderr,
    events,
    root,
    async stop() {
      stop();
      const code = await done;
      rmSync(root, { recursive: true, force: true });
      return code;
    },
  };
}

/** Waits until a collection that began after this call has ended. */
export async function nextCollection(url: string): Promise<void> {
  // `collectedAt` is when a collection ended: the first new one may have started before the
  // caller's change (a file written, a report posted), so wait for the one after it.
  const collectedAt = async () => ((await (await fetch(`${url}/state`)).json()) as { collectedAt: string }).collectedAt;
  let seen = await collectedAt();
  for (let ended = 0, i = 0; ended < 2; i++) {
    if (i === 150) throw new Error(`no two new collections within 15 s (${ended} seen)`);
    await new Promise((r) => setTimeout(r, 100));
    const now = await collectedAt();
    if (now !== seen) [seen, ended] = [now, ended + 1];
  }
}
