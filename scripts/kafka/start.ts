/**
 * Starts, stops and restarts a single-node Kafka 3.9 broker (KRaft, combined broker and
 * controller) on loopback, from the Maven Central jars that `install.sh` caches.
 *
 * Used by the integration tests, the benchmarks and the local stack. As a CLI:
 *   npx tsx scripts/kafka/start.ts [--dir <data dir>] [--port <n>]
 * prints `PLUMB_KAFKA_BROKERS=127.0.0.1:<port>` and runs until SIGINT/SIGTERM. The JVM's pid
 * is in `<dir>/broker.pid`, for when the launcher itself was killed.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { freePort } from '@plumb/io';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

/** Options for {@link startKafka}. */
export interface KafkaStartOptions {
  /** Data directory (log dirs, server.properties, broker output). A fresh temp dir when absent. */
  dir?: string;
  /** Client port; a free ephemeral port when absent. The controller port is always ephemeral. */
  port?: number;
  /** JVM heap; small on purpose, the machine is shared. */
  heap?: string;
  /** How long to wait for readiness. */
  readyTimeoutMs?: number;
  /**
   * Also listen with SASL_SSL (SCRAM-SHA-256/512 over TLS), as MSK does: the server
   * certificate and key in a PKCS#12 keystore, and the SCRAM users created at format time.
   */
  secure?: SecureListener;
}

/** A SASL_SSL listener: TLS from a PKCS#12 keystore, SCRAM users. */
export interface SecureListener {
  keystoreFile: string;
  keystorePassword: string;
  scramUsers: { name: string; password: string }[];
  /**
   * Also accept SASL OAUTHBEARER on the same listener, validated by Kafka's built-in
   * unsecured-JWS handler (no custom server class). MSK validates IAM tokens itself; this
   * only lets a test watch a client negotiate OAUTHBEARER and deliver its token over TLS.
   */
  oauthbearer?: boolean;
}

/** A running broker. `restart` keeps the log dir and both ports. */
export interface KafkaBroker {
  /** Bootstrap servers, e.g. `['127.0.0.1:40123']`. */
  brokers: string[];
  /** Bootstrap servers of the SASL_SSL listener when `secure` was given. */
  secureBrokers: string[];
  dir: string;
  /** Stops the broker (controlled shutdown, SIGKILL after 30 s). Safe to call twice. */
  stop(): Promise<void>;
  /** Starts a stopped broker again on the same ports and log dir; resolves once ready. No-op when running. */
  start(): Promise<void>;
  /** Stops and starts again on the same ports and log dir; resolves once ready. */
  restart(): Promise<void>;
  /** Stops the broker and deletes its data dir when it was a temp dir. */
  dispose(): Promise<void>;
}

/** Runs the idempotent installer and returns the cached classpath and log4j config. */
export async function installKafka(): Promise<{ classpath: string; log4j: string }> {
  const { stdout } = await run('bash', [join(here, 'install.sh')], { maxBuffer: 1 << 20 });
  const cpFile = stdout.trim().split('\n').pop() ?? '';
  const classpath = (await readFile(cpFile, 'utf8')).trim();
  return { classpath, log4j: join(dirname(cpFile), 'log4j.properties') };
}

/** server.properties for a KRaft combined node; small segments so retention tests stay cheap. */
export function serverProperties(p: {
  port: number;
  controllerPort: number;
  logDir: string;
  secure?: { port: number; keystoreFile: string; keystorePassword: string; oauthbearer?: boolean };
}): string {
  const sec = p.secure;
  const listeners = sec
    ? [
        `listeners=PLAINTEXT://127.0.0.1:${p.port},SASL_SSL://127.0.0.1:${sec.port},CONTROLLER://127.0.0.1:${p.controllerPort}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${p.port},SASL_SSL://127.0.0.1:${sec.port}`,
        'controller.listener.names=CONTROLLER',
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT',
        `sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512${sec.oauthbearer ? ',OAUTHBEARER' : ''}`,
        'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
        'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
        ...(sec.oauthbearer
          ? ['listener.name.sasl_ssl.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;']
          : []),
        'ssl.keystore.type=PKCS12',
        `ssl.keystore.location=${sec.keystoreFile}`,
        `ssl.keystore.password=${sec.keystorePassword}`,
      ]
    : [
        `listeners=PLAINTEXT://127.0.0.1:${p.port},CONTROLLER://127.0.0.1:${p.controllerPort}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${p.port}`,
        'controller.listener.names=CONTROLLER',
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      ];
  return [
    '# DO NOT EDIT: generated by scripts/kafka/start.ts',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${p.controllerPort}`,
    ...listeners,
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${p.logDir}`,
    'auto.create.topics.enable=false',
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=4',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'log.segment.bytes=1048576',
    'log.retention.check.interval.ms=60000',
    'num.network.threads=2',
    'num.io.threads=2',
    'background.threads=2',
    '',
  ].join('\n');
}

async function waitReady(brokers: string[], child: ChildProcess, timeoutMs: number, outFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const kafka = new Kafka({ clientId: 'plumb-kafka-ready', brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  for (;;) {
    if (child.exitCode !== null) {
      const tail = (await readFile(outFile, 'utf8').catch(() => '')).split('\n').slice(-20).join('\n');
      throw new Error(`Kafka broker exited with code ${child.exitCode} before it was ready; see ${outFile}:\n${tail}`);
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0 && cluster.controller !== null) return;
    } catch {
      // Not up yet: the socket refuses or the broker is still fenced.
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error(`Kafka broker on ${brokers.join(',')} not ready after ${timeoutMs} ms; see ${outFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/** Formats storage (first start only), starts the broker and waits until a client can describe the cluster. */
export async function startKafka(opts: KafkaStartOptions = {}): Promise<KafkaBroker> {
  const { classpath, log4j } = await installKafka();
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'plumb-kafka-')));
  const logDir = join(dir, 'data');
  await mkdir(logDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const controllerPort = await freePort();
  const securePort = opts.secure ? await freePort() : undefined;
  const propsFile = join(dir, 'server.properties');
  const secure =
    opts.secure && securePort !== undefined
      ? {
          port: securePort,
          keystoreFile: opts.secure.keystoreFile,
          keystorePassword: opts.secure.keystorePassword,
          ...(opts.secure.oauthbearer ? { oauthbearer: true } : {}),
        }
      : undefined;
  await writeFile(propsFile, serverProperties({ port, controllerPort, logDir, ...(secure ? { secure } : {}) }));
  const javaArgs = ['-cp', classpath, `-Dlog4j.configuration=file:${log4j}`];
  const heap = opts.heap ?? '512m';
  const alreadyFormatted = await readFile(join(logDir, 'meta.properties'), 'utf8').then(
    () => true,
    () => false,
  );
  if (!alreadyFormatted) {
    // A Kafka cluster id is 16 random bytes in URL-safe base64 without padding.
    const clusterId = randomBytes(16).toString('base64url');
    // KRaft keeps SCRAM credentials in the metadata log; they are added when storage is formatted.
    const scram = (opts.secure?.scramUsers ?? []).flatMap((u) =>
      ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => ['--add-scram', `${m}=[name=${u.name},password=${u.password}]`]),
    );
    // `--cluster-id=`: an id that starts with '-' would otherwise be read as an option.
    await run('java', ['-Xmx256m', ...javaArgs, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', propsFile, ...scram]);
  }
  const brokers = [`127.0.0.1:${port}`];
  const outFile = join(dir, 'broker.log');
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const out = createWriteStream(outFile, { flags: 'a' });
    const c = spawn('java', [`-Xmx${heap}`, '-Xms128m', '-XX:+UseSerialGC', ...javaArgs, 'kafka.Kafka', propsFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    c.stdout?.pipe(out);
    c.stderr?.pipe(out);
    // A test runner that dies must not leave a JVM behind holding the ports.
    const killOnExit = (): void => {
      c.kill('SIGKILL');
    };
    process.once('exit', killOnExit);
    c.once('exit', () => process.removeListener('exit', killOnExit));
    child = c;
    // Lets an operator stop a broker whose launcher was killed: kill $(cat <dir>/broker.pid).
    await writeFile(join(dir, 'broker.pid'), `${c.pid ?? ''}\n`);
    await waitReady(brokers, c, opts.readyTimeoutMs ?? 90_000, outFile);
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    c.kill('SIGTERM');
    if (!(await waitExit(c, 30_000))) {
      c.kill('SIGKILL');
      await waitExit(c, 10_000);
    }
  };
  await launch();
  return {
    brokers,
    secureBrokers: securePort !== undefined ? [`127.0.0.1:${securePort}`] : [],
    dir,
    stop,
    start: async () => {
      if (child && child.exitCode === null) return;
      await launch();
    },
    restart: async () => {
      await stop();
      await launch();
    },
    dispose: async () => {
      await stop();
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

async function main(argv: string[]): Promise<void> {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const portArg = get('--port');
  const dirArg = get('--dir');
  const broker = await startKafka({
    ...(dirArg !== undefined ? { dir: dirArg } : {}),
    ...(portArg !== undefined ? { port: Number(portArg) } : {}),
  });
  process.stdout.write(`PLUMB_KAFKA_BROKERS=${broker.brokers.join(',')}\nPLUMB_KAFKA_DIR=${broker.dir}\n`);
  const shutdown = (): void => {
    void broker.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`kafka start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
