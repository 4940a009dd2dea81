/**
 * Impact ranking from the Prometheus the app is pointed at: drift, workload members,
 * unknown nodes and every `plumb:symptom:*` series go into the shared ranking in
 * `@plumb/core/impact`, the same code the remediation handler orders its queue with.
 */
import { driftFromVector, membersFromVector, rankImpact, symptomFromVector, type CohortImpact, type SymptomInfo, type SymptomSample } from '@plumb/core/impact';
import { promMetricNames, promQuery } from './backend';
import { RECORD } from '@plumb/core/contract';

export const SYMPTOM_PREFIX = RECORD.symptomPrefix;

export interface ImpactView {
  ranked: CohortImpact[];
  symptoms: string[];
  /** Series dropped for missing contract labels. */
  skipped: number;
}

export async function loadImpact(prometheusUid: string, lowerIsWorse: readonly string[] = []): Promise<ImpactView> {
  const [drift, members, unknown, names] = await Promise.all([
    promQuery(prometheusUid, RECORD.drift),
    promQuery(prometheusUid, `count by (node, region, workload) (${RECORD.nodeWorkload})`),
    promQuery(prometheusUid, RECORD.unknown),
    promMetricNames(prometheusUid, SYMPTOM_PREFIX),
  ]);
  const symptoms: SymptomInfo[] = names.map((n) => {
    const name = n.slice(SYMPTOM_PREFIX.length);
    return { name, unit: '', worse: lowerIsWorse.includes(name) ? 'lower' : 'higher' };
  });
  const samples: SymptomSample[] = [];
  let skipped = 0;
  for (const s of symptoms) {
    const parsed = symptomFromVector(s.name, await promQuery(prometheusUid, `${SYMPTOM_PREFIX}${s.name}`));
    samples.push(...parsed.items);
    skipped += parsed.skipped;
  }
  const d = driftFromVector(drift);
  const m = membersFromVector(members);
  const ranked = rankImpact({ drift: d.items, members: m.items, symptoms, samples, unknownNodes: unknown.map((u) => u.metric.node ?? '') });
  return { ranked, symptoms: symptoms.map((s) => s.name), skipped: skipped + d.skipped + m.skipped };
}
