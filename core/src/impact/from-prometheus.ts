/**
 * Turning Prometheus instant-query results (the `data.result` of `/api/v1/query`, a
 * vector) into impact inputs. Series missing a label the contract promises are skipped
 * and counted, never guessed.
 */
import type { SeverityName } from '../stats/index';
import type { DriftSample, SymptomSample, WorkloadMember } from './types';

/** One element of a Prometheus instant vector. */
export interface PromVectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface Parsed<T> {
  items: T[];
  /** Series dropped because a required label was missing or a value was not a number. */
  skipped: number;
}

const SEVERITIES: readonly string[] = ['info', 'sla-risk', 'correctness-risk'];

/** `plumb:config_drift:info` → drift samples. */
export function driftFromVector(vector: readonly PromVectorSample[]): Parsed<DriftSample> {
  const items: DriftSample[] = [];
  let skipped = 0;
  for (const { metric: m } of vector) {
    if (!m.node || !m.region || !m.workload || !m.dimension || !m.hash || !m.severity || !SEVERITIES.includes(m.severity)) {
      skipped++;
      continue;
    }
    items.push({
      node: m.node,
      region: m.region,
      workload: m.workload,
      dimension: m.dimension,
      hash: m.hash,
      value: m.value,
      severity: m.severity as SeverityName,
      rule: m.rule,
    });
  }
  return { items, skipped };
}

/** `count by (node, region, workload) (plumb:node_workload:info)` → workload members. */
export function membersFromVector(vector: readonly PromVectorSample[]): Parsed<WorkloadMember> {
  const seen = new Set<string>();
  const items: WorkloadMember[] = [];
  let skipped = 0;
  for (const { metric: m } of vector) {
    if (!m.node || !m.region || !m.workload) {
      skipped++;
      continue;
    }
    const key = `${m.node}\0${m.workload}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push({ node: m.node, region: m.region, workload: m.workload });
  }
  return { items, skipped };
}

/** `plumb:symptom:<name>` → per-node symptom samples. */
export function symptomFromVector(symptom: string, vector: readonly PromVectorSample[]): Parsed<SymptomSample> {
  const items: SymptomSample[] = [];
  let skipped = 0;
  for (const { metric: m, value } of vector) {
    const v = Number(value[1]);
    if (!m.node || !Number.isFinite(v)) {
      skipped++;
      continue;
    }
    items.push({ symptom, node: m.node, value: v });
  }
  return { items, skipped };
}
