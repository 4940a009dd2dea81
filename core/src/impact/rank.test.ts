import { describe, expect, it } from 'vitest';
import { seededRandom } from '../stats/random';
import { compliantByRegion } from './cohorts';
import { driftFromVector, symptomFromVector } from './from-prometheus';
import { rankImpact } from './rank';
import type { DriftSample, ImpactInput, SymptomSample, WorkloadMember } from './types';

/** A fleet whose answer is known: two harmful cohorts and one harmless one. */
function fleet(): ImpactInput {
  const random = seededRandom(42);
  const members: WorkloadMember[] = [];
  const drift: DriftSample[] = [];
  const samples: SymptomSample[] = [];
  const noisy = (base: number) => base * (0.7 + 0.6 * random());
  for (const region of ['us-east-1', 'eu-west-1']) {
    for (let i = 0; i < 10; i++) {
      const node = `${region}-stream-${i}`;
      members.push({ node, region, workload: 'spark-streaming' });
      const lowFetch = region === 'us-east-1' && i < 4;
      if (lowFetch) drift.push({ node, region, workload: 'spark-streaming', dimension: 'fetch.min.bytes', hash: 'aaaa', value: '1024', severity: 'sla-risk' });
      if (region === 'eu-west-1' && i < 3)
        drift.push({ node, region, workload: 'spark-streaming', dimension: 'FEATURE_FLAG_NEW_FX_RATES', hash: 'ffff', value: 'true', severity: 'info' });
      samples.push({ symptom: 'consumer_lag', node, value: noisy(lowFetch ? 2_000_000 : 10_000) });
    }
    for (let i = 0; i < 8; i++) {
      const node = `${region}-consumer-${i}`;
      members.push({ node, region, workload: 'kafka-consumer' });
      const autoCommit = region === 'eu-west-1' && i < 3;
      if (autoCommit)
        drift.push({ node, region, workload: 'kafka-consumer', dimension: 'enable.auto.commit', hash: 'cccc', value: 'true', severity: 'correctness-risk' });
      samples.push({ symptom: 'duplicate_loads', node, value: autoCommit ? noisy(50) : noisy(0.5) });
      samples.push({ symptom: 'consumer_lag', node, value: noisy(10_000) });
    }
  }
  return {
    drift,
    members,
    samples,
    symptoms: [
      { name: 'consumer_lag', unit: 'messages', worse: 'higher', workloads: ['spark-streaming', 'kafka-consumer'] },
      { name: 'duplicate_loads', unit: 'rows/s', worse: 'higher', workloads: ['kafka-consumer'] },
    ],
  };
}

describe('impact ranking', () => {
  const ranked = rankImpact(fleet());
  it('puts the injected harmful cohorts first and the harmless flag last.', () => {
    expect(
      ranked
        .slice(0, 2)
        .map((r) => r.cohort.dimension)
        .sort(),
    ).toEqual(['enable.auto.commit', 'fetch.min.bytes']);
    expect(ranked[2]!.cohort.dimension).toBe('FEATURE_FLAG_NEW_FX_RATES');
  });
  it('explains each harmful cohort by the symptom that was injected for it.', () => {
    const topSymptom = Object.fromEntries(ranked.map((r) => [r.cohort.dimension, r.top?.symptom]));
    expect(topSymptom).toMatchObject({ 'enable.auto.commit': 'duplicate_loads', 'fetch.min.bytes': 'consumer_lag' });
  });
  it('reports nodes affected, a large effect and a small q-value for the low-fetch cohort.', () => {
    const fetch = ranked.find((r) => r.cohort.dimension === 'fetch.min.bytes')!;
    expect(fetch.cohort.nodes).toHaveLength(4);
    expect(fetch.top).toMatchObject({ n1: 4, n2: 6, worseDelta: 1, magnitude: 'large', method: 'exact', regions: ['us-east-1'] });
    // Exact one-sided p for 4 of 10 ranked on top: 1 / C(10, 4) = 1/210.
    expect(fetch.top!.pValue).toBeCloseTo(1 / 210, 12);
    expect(fetch.top!.medianRatio).toBeGreaterThan(50);
  });
  it('scores a drift with no effect on any symptom close to zero.', () => {
    expect(ranked[2]!.score).toBeLessThan(5);
  });
  it('compares only symptoms that may explain the workload.', () => {
    const flag = ranked.find((r) => r.cohort.dimension === 'FEATURE_FLAG_NEW_FX_RATES')!;
    expect(flag.comparisons.map((c) => c.symptom)).toEqual(['consumer_lag']);
  });
  it('numbers the ranking from 1.', () => {
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3]);
  });
});

describe('the compliant reference', () => {
  it('leaves out nodes drifted on any dimension of the workload and unknown nodes.', () => {
    const input = { ...fleet(), unknownNodes: ['eu-west-1-stream-9'] };
    const ref = compliantByRegion(input, 'spark-streaming');
    expect(ref.get('us-east-1')).toHaveLength(6);
    expect(ref.get('eu-west-1')).toHaveLength(6);
  });
});

describe('a cohort that cannot be compared', () => {
  it('is listed with a reason and a score of zero instead of failing the ranking.', () => {
    const input = fleet();
    const ranked = rankImpact({ ...input, samples: input.samples.filter((s) => !s.node.startsWith('us-east-1-stream')) });
    const fetch = ranked.find((r) => r.cohort.dimension === 'fetch.min.bytes')!;
    expect(fetch.score).toBe(0);
    expect(fetch.comparisons[0]).toMatchObject({ ok: false, symptom: 'consumer_lag' });
  });
});

describe('reading Prometheus vectors', () => {
  it('skips drift series missing a contract label and counts them.', () => {
    const parsed = driftFromVector([
      { metric: { node: 'n1', region: 'r', workload: 'w', dimension: 'd', hash: 'h', severity: 'info' }, value: [0, '1'] },
      { metric: { node: 'n2', region: 'r', workload: 'w', dimension: 'd', severity: 'info' }, value: [0, '1'] },
      { metric: { node: 'n3', region: 'r', workload: 'w', dimension: 'd', hash: 'h', severity: 'bogus' }, value: [0, '1'] },
    ]);
    expect([parsed.items.map((i) => i.node), parsed.skipped]).toEqual([['n1'], 2]);
  });
  it('skips symptom values that are not numbers.', () => {
    const parsed = symptomFromVector('lag', [
      { metric: { node: 'a' }, value: [0, '12.5'] },
      { metric: { node: 'b' }, value: [0, 'NaN'] },
    ]);
    expect(parsed).toEqual({ items: [{ symptom: 'lag', node: 'a', value: 12.5 }], skipped: 1 });
  });
});
