/**
 * The test fleet through a real Prometheus and the rules compiled from the PayWave
 * spec: the injected drift, and only it, comes out of `plumb:config_drift:info`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftFromVector, membersFromVector, rankImpact, symptomFromVector } from '@plumb/core/impact';
import { DRIFT_SINCE_EXPORTER_START } from './support/fleet-series';
import { startFleetPrometheus, instant, type FleetPrometheus } from './support/prometheus';

let prom: FleetPrometheus;
beforeAll(async () => {
  prom = await startFleetPrometheus();
});
afterAll(async () => prom?.stop());

describe('the simulated fleet in Prometheus', () => {
  it('reports exactly the injected drifted cohorts.', async () => {
    const rows = await instant(prom.url, 'count by (workload, dimension, value) (plumb:config_drift:info)');
    const got = Object.fromEntries(rows.map((r) => [`${r.metric.workload}/${r.metric.dimension}=${r.metric.value}`, Number(r.value[1])]));
    expect(got).toEqual({
      'spark-batch/spark.sql.session.timeZone=America/New_York': 4,
      'spark-streaming/fetch.min.bytes=1024': 6,
      'kafka-consumer/enable.auto.commit=true': 4,
      'spark-batch/SPARK_EXECUTOR_MEMORY_OVERHEAD=3g': 2,
      'spark-streaming/FEATURE_FLAG_NEW_FX_RATES=true': 2,
      'airflow-worker/celery.worker_concurrency=8': 2,
    });
  });
  it('marks the partial and stale nodes unknown with their reasons.', async () => {
    const rows = await instant(prom.url, 'plumb:node_unknown:info');
    expect(rows.map((r) => `${r.metric.node}:${r.metric.reason}`).sort()).toEqual([
      'airflow-workers-us-east-1-05:stale',
      'dbt-runners-eu-west-1-03:collector-failed',
      'dbt-runners-us-west-2-03:collector-failed',
    ]);
  });
  it('records per-node symptoms with node labels, consumer lag from consumer groups and Structured Streaming queries alike.', async () => {
    const rows = await instant(prom.url, 'count by (region) (plumb:symptom:consumer_lag)');
    expect(rows.map((r) => Number(r.value[1]))).toEqual([16, 16, 16]);
  });
  it('gives every drift series exactly one onset: its last change, or the exporter start for drift unchanged since then.', async () => {
    const drift = await instant(prom.url, 'plumb:config_drift:info');
    const onset = await instant(prom.url, 'plumb:config_drift:onset_timestamp_seconds');
    const key = (m: Record<string, string>) => `${m.node}/${m.workload}/${m.dimension}/${m.hash}`;
    expect(onset.map((r) => key(r.metric)).sort()).toEqual(drift.map((r) => key(r.metric)).sort());
    const byDimension = new Map<string, Set<number>>();
    for (const r of onset) byDimension.set(r.metric.dimension!, (byDimension.get(r.metric.dimension!) ?? new Set()).add(Number(r.value[1])));
    for (const [dimension, values] of byDimension) {
      expect([dimension, [...values]]).toEqual([dimension, [dimension === DRIFT_SINCE_EXPORTER_START ? prom.exporterStartSeconds : prom.driftOnsetSeconds]]);
    }
    expect(byDimension.has(DRIFT_SINCE_EXPORTER_START)).toBe(true);
  });
  it('flags the flapping node.', async () => {
    const rows = await instant(prom.url, 'plumb:config_flapping:info');
    expect(rows.map((r) => r.metric.node)).toContain('spark-streaming-us-east-1-01');
  });
  it('ranks the three harmful cohorts above the harmless drift when correlated with symptoms, the low fetch.min.bytes streaming cohort by its Structured Streaming lag.', async () => {
    const drift = driftFromVector(await instant(prom.url, 'plumb:config_drift:info'));
    const members = membersFromVector(await instant(prom.url, 'count by (node, region, workload) (plumb:node_workload:info)'));
    const unknown = (await instant(prom.url, 'plumb:node_unknown:info')).map((r) => r.metric.node!);
    const samples = [];
    for (const s of prom.model.symptoms) samples.push(...symptomFromVector(s.name, await instant(prom.url, `plumb:symptom:${s.name}`)).items);
    const ranked = rankImpact({ drift: drift.items, members: members.items, symptoms: prom.model.symptoms, samples, unknownNodes: unknown });
    expect(
      ranked
        .slice(0, 3)
        .map((r) => r.cohort.dimension)
        .sort(),
    ).toEqual(['enable.auto.commit', 'fetch.min.bytes', 'spark.sql.session.timeZone']);
    expect(ranked.slice(3).every((r) => r.score < ranked[2]!.score)).toBe(true);
    const topSymptom = Object.fromEntries(ranked.slice(0, 3).map((r) => [r.cohort.dimension, r.top?.symptom]));
    expect(topSymptom).toEqual({ 'enable.auto.commit': 'duplicate_loads', 'fetch.min.bytes': 'consumer_lag', 'spark.sql.session.timeZone': 'dq_failures' });
  });
});
