/**
 * How long impact ranking takes on a brief-sized fleet: 1,000 nodes in 3 regions,
 * 5 workloads, 40 drifted cohorts, 3 symptoms. Prints figures; asserts nothing.
 * Run: `npx tsx bench/impact-ranking/run.ts`.
 */
import { rankImpact } from '@plumb/core/impact/rank';
import type { DriftSample, SymptomSample, WorkloadMember } from '@plumb/core/impact/types';
import { seededRandom } from '@plumb/core/stats/random';

const random = seededRandom(7);
const regions = ['us-east-1', 'us-west-2', 'eu-west-1'];
const workloads = ['airflow-worker', 'spark-streaming', 'spark-batch', 'dbt-runner', 'kafka-consumer'];
const members: WorkloadMember[] = [];
const drift: DriftSample[] = [];
const samples: SymptomSample[] = [];
for (let i = 0; i < 1000; i++) {
  const node = `node-${i}`;
  const region = regions[i % 3]!;
  const workload = workloads[i % 5]!;
  members.push({ node, region, workload });
  const cohort = i % 25 === 0 ? Math.floor(i / 25) : -1;
  if (cohort >= 0) drift.push({ node, region, workload, dimension: `dim-${cohort % 8}`, hash: `h${cohort}`, severity: 'sla-risk' });
  for (const s of ['consumer_lag', 'duplicate_loads', 'dq_failures'])
    samples.push({ symptom: s, node, value: (cohort >= 0 && cohort % 3 === 0 ? 50 : 1) * (0.5 + random()) });
}
const symptoms = ['consumer_lag', 'duplicate_loads', 'dq_failures'].map((name) => ({ name, unit: '', worse: 'higher' as const }));
for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  const ranked = rankImpact({ drift, members, symptoms, samples });
  const ms = performance.now() - t0;
  console.log(`run ${run + 1}: ${ranked.length} cohorts × ${symptoms.length} symptoms over ${members.length} nodes ranked in ${ms.toFixed(1)} ms`);
}
