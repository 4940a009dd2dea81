/**
 * Per-node symptom recordings from the spec's queries, joined with node metadata so
 * they can be correlated with drift by node, region and pool.
 */
import type { Model } from '../spec/model';
import { indent } from './promql';
import { labelList, type RecordingRule } from './rules';
import { NODE_LABELS, RECORD } from '../contract/metrics';

const META = NODE_LABELS.filter((l) => l !== 'instance');

/** One `plumb:symptom:<name>` rule per symptom, sorted by name. */
export function compileSymptomRules(model: Model): RecordingRule[] {
  return [...model.symptoms]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((s) => ({
      record: `${RECORD.symptomPrefix}${s.name}`,
      // Symptom series are joined on `node`: they come from other exporters, not from plumb's.
      expr: `(\n${indent(s.query.trim())}\n)\n* on (node) group_left (${labelList(META.filter((l) => l !== 'node'))})\nmax by (${labelList(META)}) (${RECORD.nodeInfoLast})`,
    }));
}
