/**
 * Spark Structured Streaming lag with the real tools: PySpark (pinned, from PyPI) on
 * Java 17 reads the real Kafka 3.9 test broker through Spark's Kafka source (jars from
 * Maven Central); the query listener posts each micro-batch's progress to a real
 * exporter. A burst the query cannot take in one batch must show as lag per
 * topic-partition, and the lag must fall back to 0 once the query catches up. The JVM
 * listener (compiled here against PySpark's jars) reports the same query under the
 * workload `host` and must see the same.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, startExporter, type RunningExporter } from '../exporter/support';
import { startTestKafka, type KafkaBroker } from '../support/kafka-broker';
import { pythonEnv, pythonVenv } from '../support/python-tools';

const TOPIC = 'payments';
let exp: RunningExporter;
let broker: KafkaBroker;
let job: ChildProcess;
let work: string;
let jobLog = '';
let listenerJar = '';
let classes = '';

beforeAll(async () => {
  const env = pythonEnv(pythonVenv());
  const jars = execFileSync('bash', [join(REPO, 'scripts/python/spark-kafka.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  classes = mkdtempSync(join(tmpdir(), 'plumb-jvm-listener-'));
  const sparkJars = join(env.VIRTUAL_ENV as string, 'lib', readdirSync(join(env.VIRTUAL_ENV as string, 'lib'))[0] as string, 'site-packages/pyspark/jars');
  execFileSync('javac', ['-nowarn', '-cp', `${sparkJars}/*`, '-d', classes, join(REPO, 'examples/reporters/spark/PlumbStreamingListener.java')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  execFileSync('jar', ['cf', join(classes, 'plumb-listener.jar'), '-C', classes, 'dev']);
  listenerJar = join(classes, 'plumb-listener.jar');
  ({ broker } = await startTestKafka());
  const admin = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }], waitForLeaders: true });
  await admin.disconnect();
  exp = await startExporter({});
  work = mkdtempSync(join(tmpdir(), 'plumb-spark-'));
  job = spawn(join(env.VIRTUAL_ENV as string, 'bin/python'), [join(REPO, 'test/symptoms/spark_lag_job.py')], {
    cwd: work,
    env: {
      ...env,
      PLUMB_EXPORTER_URL: exp.url,
      PLUMB_REPORTERS: join(REPO, 'examples/reporters/spark'),
      PLUMB_SPARK_JARS: jars,
      PLUMB_BROKERS: broker.brokers.join(','),
      PLUMB_TOPIC: TOPIC,
      PLUMB_CHECKPOINT: join(work, 'checkpoint'),
      PLUMB_MAX_OFFSETS: '300',
      PLUMB_JVM_LISTENER_JAR: listenerJar,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const started = new Promise<void>((resolve, reject) => {
    job.stdout?.on('data', (d: Buffer) => (jobLog += d.toString()).includes('started') && resolve());
    job.stderr?.on('data', (d: Buffer) => void (jobLog = (jobLog + d.toString()).slice(-20_000)));
    job.once('exit', (code) => reject(new Error(`the Spark job exited with ${code}: ${jobLog.slice(-3000)}`)));
  });
  await started;
}, 420_000);

afterAll(async () => {
  if (job && job.exitCode === null) {
    job.stdin?.end();
    const exited = new Promise((r) => job.once('exit', r));
    const timer = setTimeout(() => job.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
  await exp?.stop();
  await broker?.stop();
  for (const dir of [work, classes]) if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

/** Lag per partition of the test query, from the exporter's /metrics. */
async function lag(workload = 'spark-streaming'): Promise<Map<string, number>> {
  const text = await (await fetch(`${exp.url}/metrics`)).text();
  const out = new Map<string, number>();
  const series = new RegExp(
    `^plumb_streaming_lag_records\\{query="payments-enricher",topic="payments",partition="(\\d+)",workload="${workload}",node="it-node-1"\\} (\\d+)$`,
    'gm',
  );
  for (const m of text.matchAll(series)) out.set(m[1] as string, Number(m[2]));
  return out;
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('Spark Structured Streaming lag', () => {
  it('Lag per topic-partition rises when the producer outruns the query and falls to 0 when it catches up.', async () => {
    const producer = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const messages = Array.from({ length: 3000 }, (_, i) => ({ key: `k${i}`, value: `payment-${i}`, partition: i % 2 }));
    await producer.send({ topic: TOPIC, messages });
    await producer.disconnect();

    const seen: number[] = [];
    let peak = new Map<string, number>();
    let jvmPeak = 0;
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline) {
      const now = await lag();
      if (now.size > 0) seen.push(total(now));
      if (total(now) > total(peak)) peak = now;
      jvmPeak = Math.max(jvmPeak, total(await lag('host')));
      if (total(peak) >= 1000 && now.size === 2 && total(now) === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(total(peak), `lag seen: ${seen.join(',')}\n${jobLog.slice(-2000)}`).toBeGreaterThanOrEqual(1000);
    expect([...peak.keys()].sort()).toEqual(['0', '1']);
    expect(seen.at(-1), `lag seen: ${seen.join(',')}`).toBe(0);
    // The JVM listener saw the burst too, and the caught-up query.
    expect(jvmPeak, jobLog.slice(-2000)).toBeGreaterThanOrEqual(1000);
    expect([...(await lag('host')).values()]).toEqual([0, 0]);
    const text = await (await fetch(`${exp.url}/metrics`)).text();
    expect(text).toMatch(/^plumb_streaming_batch_duration_seconds\{query="payments-enricher",workload="spark-streaming",node="it-node-1"\} [\d.e-]+$/m);
    expect(text).toMatch(/^plumb_streaming_processed_rows_per_second\{query="payments-enricher",workload="spark-streaming",node="it-node-1"\} [\d.e+-]+$/m);
  }, 200_000);
});
