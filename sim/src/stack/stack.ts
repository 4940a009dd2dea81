/**
 * The local stack: the fleet simulator, three regional Prometheus servers with the
 * compiled rules and a `region` external label (or, with `shards`, each region as
 * `hashmod` shards under a regional tier), a global Prometheus federating the rollups,
 * Alertmanager, and the remediation handler in dry-run. Everything listens on loopback
 * and keeps its state under one work directory.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseDocument, stringify } from 'yaml';
import { compileModel, GLOBAL_RULE_FILE, RULE_FILE } from '@plumb/core/compile/compile';
import { loadSpecFile, writeFiles } from '@plumb/io';
import type { Model } from '@plumb/core/spec/model';
import { fileSdPath, writeFileSd } from '../file-sd';
import { REGIONS } from '../fleet';
import { startSimServer, type Renderers, type SimServer } from '../server';
import type { Scenario } from '../scenario';
import { SimWorld } from '../world';
import { freePort } from '@plumb/io';
import { startProcess, type ManagedProcess } from './process';
import { alertmanager, globalPrometheus } from './prometheus-config';
import { startPrometheus, startRegionServers, type RegionServers } from './region-servers';
import { startHandler, type HandlerProcess } from './handler';
import { builtKubeBinDir, startKubeCluster, type KubeCluster } from './kube-cluster';
import { registerFleet } from './kube-fleet';
import { describeStart, prepareWorkDir, type WorkDirStart } from './work-dir';

export interface StackOptions {
  repoRoot: string;
  workDir: string;
  specPath: string;
  scenario: Scenario;
  scrapeInterval: string;
  evaluationInterval: string;
  /** Short alert `for`s and staleness, for tests and quick demos. */
  fast: boolean;
  renderers: Renderers;
  log: (line: string) => void;
  /** Keep the previous run's state (TSDBs, Alertmanager, handler ledger and audit) instead of starting clean. */
  resume?: boolean;
  /** Run each region as this many `hashmod` Prometheus shards under a regional tier (default 1: one server per region). */
  shards?: number;
}

export interface Stack {
  world: SimWorld;
  model: Model;
  sim: SimServer;
  simUrl: string;
  /** Where each region answers per-node questions: its Prometheus, or its query server when sharded. */
  prometheus: Record<string, string>;
  /** Each region's shards (empty lists when unsharded). */
  shards: Record<string, string[]>;
  /** Where each region's rollups are: its Prometheus, or its regional tier when sharded. */
  rollups: Record<string, string>;
  globalUrl: string;
  alertmanagerUrl: string;
  handler?: HandlerProcess | undefined;
  /** The stack's kube-apiserver, when its binaries are built. */
  kube?: KubeCluster | undefined;
  rulesFile: string;
  /** Whether this run started clean (and where the previous state went) or resumed it. */
  workDirStart: WorkDirStart;
  stopRegion(region: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(o: StackOptions): Promise<Stack> {
  const work = resolve(o.workDir);
  const { start: workDirStart, release: releaseLock } = prepareWorkDir(work, o.resume ?? false);
  o.log(describeStart(work, workDirStart));
  for (const d of ['rules', 'file_sd', 'logs', 'data']) mkdirSync(join(work, d), { recursive: true });
  const processes: ManagedProcess[] = [];
  const regional = new Map<string, RegionServers>();
  let sim: SimServer | undefined;
  let handler: HandlerProcess | undefined;
  let kube: KubeCluster | undefined;
  let ticker: NodeJS.Timeout | undefined;
  const stop = async () => {
    if (ticker) clearInterval(ticker);
    await Promise.all([...processes].reverse().map((p) => p.stop()));
    await handler?.stop();
    await kube?.stop();
    await sim?.close();
    releaseLock();
  };
  try {
    const saltFile = join(work, 'salt');
    if (!existsSync(saltFile)) writeFileSync(saltFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    const specPath = o.fast ? writeFastSpec(o.specPath, join(work, 'spec.yaml')) : resolve(o.specPath);
    const loaded = loadSpecFile(specPath);
    if (!loaded.ok)
      throw new Error(`spec ${specPath} is invalid:\n${loaded.errors.map((e) => `  ${e.file}:${e.line ?? 0}: ${e.path}: ${e.message}`).join('\n')}`);
    const model = loaded.model;

    o.log(`compiling ${o.specPath} → ${join(work, 'rules')}`);
    const salt = Buffer.from(readFileSync(saltFile, 'utf8'), 'utf8');
    writeFiles(join(work, 'rules'), compileModel(model, salt, specPath).files);
    const rulesFile = join(work, 'rules', RULE_FILE);

    const world = new SimWorld(model, o.scenario);
    sim = await startSimServer(
      world,
      { salt, hashLength: model.settings.hashLength, maxExposedValueLength: model.settings.maxExposedValueLength },
      o.renderers,
    );
    const simHost = `127.0.0.1:${sim.port}`;
    writeFileSd(world, join(work, 'file_sd'), REGIONS, simHost);
    o.log(`simulator: ${world.nodes.size} nodes at http://${simHost}/nodes/<node>/metrics`);

    const amPort = await freePort();
    const hooksPort = await freePort();
    const tokenFile = join(work, 'hooks-webhook-token');
    if (!existsSync(tokenFile)) writeFileSync(tokenFile, randomBytes(24).toString('hex'), { mode: 0o600 });
    const promPorts = Object.fromEntries(await Promise.all(REGIONS.map(async (r) => [r, await freePort()] as const)));
    const prometheus = Object.fromEntries(REGIONS.map((r) => [r, `http://127.0.0.1:${promPorts[r]}`]));

    // A real API server holds the simulated workers and their pods when its binaries are built.
    if (builtKubeBinDir()) {
      kube = await startKubeCluster();
      const registered = await registerFleet(
        kube.kubeConfig,
        model,
        [...world.nodes.values()].map((s) => s.node),
      );
      o.log(`kube-apiserver: ${kube.url} with ${registered.nodes} nodes and ${registered.pods} pods (KUBECONFIG=${kube.kubeconfigPath})`);
    }
    handler = await startHandler({
      repoRoot: o.repoRoot,
      workDir: work,
      port: hooksPort,
      specPath,
      prometheus,
      alertmanagerUrl: `http://127.0.0.1:${amPort}`,
      webhookTokenFile: tokenFile,
      world,
      kubeconfigPath: kube?.kubeconfigPath,
      fast: o.fast,
      log: o.log,
    });

    const fast = o.fast;
    const amConfig = join(work, 'alertmanager.yml');
    writeFileSync(
      amConfig,
      stringify(
        alertmanager({
          webhookUrl: handler.webhookUrl,
          bearerTokenFile: tokenFile,
          groupWait: fast ? '1s' : '10s',
          groupInterval: fast ? '2s' : '1m',
          repeatInterval: fast ? '1m' : '4h',
        }),
      ),
    );
    mkdirSync(join(work, 'data', 'alertmanager'), { recursive: true });
    processes.push(
      await startProcess({
        name: 'alertmanager',
        command: 'prometheus-alertmanager',
        args: [
          `--config.file=${amConfig}`,
          `--storage.path=${join(work, 'data', 'alertmanager')}`,
          `--web.listen-address=127.0.0.1:${amPort}`,
          '--cluster.listen-address=',
          '--log.level=debug',
        ],
        logFile: join(work, 'logs', 'alertmanager.log'),
        readyUrl: `http://127.0.0.1:${amPort}/-/ready`,
      }),
    );
    o.log(`alertmanager: http://127.0.0.1:${amPort}`);

    const shards = o.shards ?? 1;
    for (const region of REGIONS) {
      const servers = await startRegionServers({
        work,
        shards,
        port: promPorts[region]!,
        tierRuleFile: join(work, 'rules', GLOBAL_RULE_FILE),
        config: {
          region,
          scrapeInterval: o.scrapeInterval,
          evaluationInterval: o.evaluationInterval,
          ruleFile: rulesFile,
          fileSdPath: fileSdPath(join(work, 'file_sd'), region),
          symptomsTarget: simHost,
          symptomsPath: `/symptoms/${region}/metrics`,
          alertmanagers: [`127.0.0.1:${amPort}`],
          exporterJob: model.settings.scrapeJob,
        },
      });
      processes.push(...servers.processes);
      regional.set(region, servers);
      o.log(
        servers.shardUrls.length > 0
          ? `prometheus ${region}: ${prometheus[region]} (queries), ${servers.rollupsUrl} (regional tier) over shards ${servers.shardUrls.join(', ')}`
          : `prometheus ${region}: ${prometheus[region]}`,
      );
    }
    const globalPort = await freePort();
    const globalCfg = join(work, 'prometheus-global.yml');
    writeFileSync(
      globalCfg,
      stringify(globalPrometheus({ scrapeInterval: o.scrapeInterval, regional: REGIONS.map((r) => ({ region: r, target: regional.get(r)!.federateTarget })) })),
    );
    processes.push(await startPrometheus('prometheus-global', globalCfg, join(work, 'data', 'global'), globalPort, join(work, 'logs')));
    o.log(`prometheus global: http://127.0.0.1:${globalPort}`);

    // Churn changes the node set; keep file_sd in step with the world.
    let known = world.membershipVersion;
    ticker = setInterval(() => {
      world.tick(Date.now());
      if (world.membershipVersion !== known) {
        known = world.membershipVersion;
        writeFileSd(world, join(work, 'file_sd'), REGIONS, simHost);
      }
    }, 500);

    return {
      world,
      model,
      sim,
      simUrl: `http://${simHost}`,
      prometheus,
      shards: Object.fromEntries(REGIONS.map((r) => [r, regional.get(r)?.shardUrls ?? []])),
      rollups: Object.fromEntries(REGIONS.map((r) => [r, regional.get(r)?.rollupsUrl ?? ''])),
      globalUrl: `http://127.0.0.1:${globalPort}`,
      alertmanagerUrl: `http://127.0.0.1:${amPort}`,
      handler,
      kube,
      rulesFile,
      workDirStart,
      async stopRegion(region: string) {
        await Promise.all((regional.get(region)?.processes ?? []).map((p) => p.stop()));
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A copy of the spec with short alert `for`s and staleness, so a run of minutes shows everything. */
function writeFastSpec(source: string, target: string): string {
  const doc = parseDocument(readFileSync(source, 'utf8'));
  doc.setIn(['settings', 'alertFor'], { info: '10s', 'sla-risk': '10s', 'correctness-risk': '10s' });
  doc.setIn(['settings', 'keepFiringFor'], '2m');
  doc.setIn(['settings', 'staleAfter'], '30s');
  doc.setIn(['settings', 'widespread'], { share: 0.25, minNodes: 2 });
  writeFileSync(target, `# Derived from ${source} with short alert timings for a fast run.\n${doc.toString()}`);
  return target;
}
