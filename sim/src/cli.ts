/**
 * `plumb sim run`: start the local stack and run a scenario through it.
 * `plumb sim serve`: only the simulator (metrics + file_sd) for an existing Prometheus.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSpecFile, loadSalt } from '@plumb/io';
import { writeFileSd } from './file-sd';
import { REGIONS } from './fleet';
import { exporterRenderers } from './renderers';
import { loadScenario } from './scenario';
import { startSimServer } from './server';
import { formatReport, runScenario } from './stack/run';
import { startStack } from './stack/stack';
import { composeConfigFiles } from './stack/compose';
import { SimWorld } from './world';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const USAGE = `Usage:
  plumb sim run   [--nodes N] [--scenario FILE] [--duration 8m] [--spec FILE] [--work DIR] [--resume] [--fast] [--full] [--shards N] [--scrape-interval 30s] [--json]
  plumb sim compose [--work DIR]   (re)generate deploy/compose/*.yml for docker-compose.yml
  plumb sim serve [--nodes N] [--scenario FILE] [--spec FILE] [--port P] [--file-sd DIR] [--advertise HOST:PORT] --salt-file FILE

run    starts 3 regional Prometheus servers, a global one, Alertmanager, plumb-hooks (dry-run)
       and the simulator on loopback, runs the scenario, prints a live summary and a report.
       It stops once every expectation holds, or once every expectation is decided and
       some cannot hold any more (an expectation not met within the settle time after its
       event fails: 60 s with --fast, 10 min otherwise); --full runs the whole duration.
       Each run starts clean: an earlier run's state in --work is moved to DIR.previous.
       --resume: keep the earlier run's state (TSDBs, Alertmanager, handler ledger and audit).
       --fast: 2 s scrape/evaluation and short alert timers, for a quick look.
       --shards N: run each region as N hashmod Prometheus shards under a regional tier
       (the global tier federates the regional tiers); the expectations are the same.
       Exit 0 when every expectation held, 1 otherwise, 2 on bad usage.
serve  serves only the simulated exporters and symptoms; Prometheus finds them via file_sd
       (targets are written as --advertise, default 127.0.0.1:PORT).`;

export async function runSimCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let args;
  try {
    args = parseArgs({
      args: rest,
      options: {
        nodes: { type: 'string' },
        scenario: { type: 'string', default: join(repoRoot, 'sim/scenarios/default.yaml') },
        duration: { type: 'string' },
        spec: { type: 'string', default: join(repoRoot, 'examples/paywave/desired-state.yaml') },
        work: { type: 'string', default: join(repoRoot, '.work/stack') },
        fast: { type: 'boolean', default: false },
        full: { type: 'boolean', default: false },
        resume: { type: 'boolean', default: false },
        shards: { type: 'string', default: '1' },
        'scrape-interval': { type: 'string' },
        json: { type: 'boolean', default: false },
        port: { type: 'string', default: '0' },
        'file-sd': { type: 'string' },
        'salt-file': { type: 'string' },
        advertise: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    process.stderr.write(`plumb sim: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const o = args.values;
  if (o.help || command === undefined || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  const nodes = o.nodes === undefined ? undefined : Number(o.nodes);
  if (nodes !== undefined && (!Number.isInteger(nodes) || nodes < 1)) {
    process.stderr.write(`plumb sim: --nodes must be a positive whole number, got ${o.nodes}\n`);
    return 2;
  }
  const shards = Number(o.shards);
  if (!Number.isInteger(shards) || shards < 1 || shards > 16) {
    process.stderr.write(`plumb sim: --shards must be a whole number from 1 to 16, got ${o.shards}\n`);
    return 2;
  }
  let scenario;
  try {
    scenario = loadScenario(o.scenario, { nodes, duration: o.duration });
  } catch (err) {
    process.stderr.write(`plumb sim: ${(err as Error).message}\n`);
    return 2;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (command === 'serve') return serve(o.spec, scenario, Number(o.port), o['file-sd'], o['salt-file'], o.advertise, log);
  if (command === 'compose') return writeCompose(o.spec, scenario, o.work === join(repoRoot, '.work/stack') ? join(repoRoot, 'deploy/compose') : o.work, log);
  if (command !== 'run') {
    process.stderr.write(`plumb sim: unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  const interval = o['scrape-interval'] ?? (o.fast ? '2s' : '30s');
  const abort = new AbortController();
  const onSignal = () => {
    log('\nstopping (Ctrl-C again to force)…');
    abort.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  log(`starting the local stack in ${o.work} (scrape and evaluation every ${interval})`);
  const stack = await startStack({
    repoRoot,
    workDir: o.work,
    resume: o.resume,
    specPath: o.spec,
    scenario,
    scrapeInterval: interval,
    evaluationInterval: interval,
    fast: o.fast,
    shards,
    renderers: await exporterRenderers(),
    log,
  });
  try {
    const report = await runScenario(stack, {
      workDir: o.work,
      log,
      signal: abort.signal,
      pollEveryMs: o.fast ? 1000 : 5000,
      summaryEveryMs: o.fast ? 5000 : 30_000,
      stopWhenSatisfied: !o.full,
      settleSeconds: o.fast ? 60 : 600,
    });
    process.stdout.write(
      o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\nReport: ${join(o.work, 'report.json')}; logs: ${join(o.work, 'logs')}\n`,
    );
    return report.ok ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

function writeCompose(specPath: string, scenario: ReturnType<typeof loadScenario>, dir: string, log: (l: string) => void): number {
  const loaded = loadSpecFile(specPath);
  if (!loaded.ok) {
    log(loaded.errors.map((e) => `${e.file}:${e.line ?? 0}: ${e.path}: ${e.message}`).join('\n'));
    return 2;
  }
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(composeConfigFiles(new SimWorld(loaded.model, scenario)))) writeFileSync(join(dir, name), content);
  log(`wrote the compose configuration to ${dir}`);
  return 0;
}

async function serve(
  specPath: string,
  scenario: ReturnType<typeof loadScenario>,
  port: number,
  fileSdDir: string | undefined,
  saltFile: string | undefined,
  advertise: string | undefined,
  log: (l: string) => void,
): Promise<number> {
  const loaded = loadSpecFile(specPath);
  if (!loaded.ok) {
    log(loaded.errors.map((e) => `${e.file}:${e.line ?? 0}: ${e.path}: ${e.message}`).join('\n'));
    return 2;
  }
  const salt = loadSalt(saltFile ? { file: saltFile } : loaded.model.settings.salt);
  if (!salt.ok) {
    log(`plumb sim: ${salt.reason}`);
    return 2;
  }
  const world = new SimWorld(loaded.model, scenario);
  const server = await startSimServer(
    world,
    { salt: salt.salt, hashLength: loaded.model.settings.hashLength, maxExposedValueLength: loaded.model.settings.maxExposedValueLength },
    await exporterRenderers(),
    Date.now,
    port,
  );
  world.start(Date.now());
  if (fileSdDir) {
    mkdirSync(fileSdDir, { recursive: true });
    const target = advertise ?? `127.0.0.1:${server.port}`;
    writeFileSd(world, fileSdDir, REGIONS, target);
    let known = world.membershipVersion;
    setInterval(() => {
      world.tick(Date.now());
      if (world.membershipVersion !== known) {
        known = world.membershipVersion;
        writeFileSd(world, fileSdDir, REGIONS, target);
      }
    }, 1000).unref();
  }
  log(`simulating ${world.nodes.size} nodes at http://127.0.0.1:${server.port}/nodes/<node>/metrics${fileSdDir ? `; file_sd in ${fileSdDir}` : ''}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.close();
  return 0;
}
