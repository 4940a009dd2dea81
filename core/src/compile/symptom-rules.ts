/**
 * Per-node symptom recordings from the spec's queries, joined with node metadata so
 * they can be correlated with drift by node, region and pool. For a symptom with an SLO,
 * the region's sum, count and maximum too: decomposable, so the tier above shards combines
 * them into the region's value (sum of sums and counts, max of maxima).
 */
import type { Model } from '../spec/model';
import { indent } from './promql';
import { labelList, type RecordingRule } from './rules';
import { NODE_METADATA_LABELS, RECORD } from '../contract/metrics';

const META = NODE_METADATA_LABELS;

/** The region partials of a symptom with an SLO, in the order they are recorded. */
export const SYMPTOM_REGION_PARTS = [
  ['sum', RECORD.symptomRegionSum],
  ['count', RECORD.symptomRegionCount],
  ['max', RECORD.symptomRegionMax],
] as const;

/** One `plumb:symptom:<name>` rule per symptom, sorted by name, each followed by its region partials when it has an SLO. */
export function compileSymptomRules(model: Model): RecordingRule[] {
  return [...model.symptoms]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((s) => {
      const perNode: RecordingRule = {
        record: `${RECORD.symptomPrefix}${s.name}`,
        // Symptom series are joined on `node`: they come from other exporters, not from plumb's.
        expr: `(\n${indent(s.query.trim())}\n)\n* on (node) group_left (${labelList(META.filter((l) => l !== 'node'))})\nmax by (${labelList(META)}) (${RECORD.nodeInfoLast})`,
      };
      if (s.slo === undefined) return [perNode];
      const parts = SYMPTOM_REGION_PARTS.map(([aggregate, record]): RecordingRule => ({
        record,
        expr: `${aggregate} by (region) (${perNode.record})`,
        labels: { symptom: s.name },
      }));
      return [perNode, ...parts];
    });
}
