/**
 * Inputs and outputs of impact ranking. Inputs are plain records that any Prometheus
 * client can fill from the recording rules of the metric contract
 * (`plumb:config_drift:info`, `plumb:node_workload:info`, `plumb:symptom:<name>`).
 */
import type { Magnitude, SeverityName } from '../stats/index';

/** One drifted (node, workload, dimension), from `plumb:config_drift:info`. */
export interface DriftSample {
  node: string;
  region: string;
  workload: string;
  dimension: string;
  hash: string;
  /** The value in clear, when the dimension is exposable. */
  value?: string | undefined;
  severity: SeverityName;
  /** Stable spec rule id, e.g. `spark-streaming/spark.sql.session.timeZone`. */
  rule?: string | undefined;
}

/** A node reporting a workload, from `plumb:node_workload:info` (any dimension). */
export interface WorkloadMember {
  node: string;
  region: string;
  workload: string;
}

/** A symptom the spec declares, with the workloads whose drift it may explain. */
export interface SymptomInfo {
  name: string;
  unit: string;
  worse: 'higher' | 'lower';
  /** Undefined: all workloads. */
  workloads?: readonly string[] | undefined;
}

/** One per-node symptom value, from `plumb:symptom:<name>`. */
export interface SymptomSample {
  symptom: string;
  node: string;
  value: number;
}

export interface ImpactInput {
  drift: readonly DriftSample[];
  members: readonly WorkloadMember[];
  symptoms: readonly SymptomInfo[];
  samples: readonly SymptomSample[];
  /** Nodes that are unknown (down, collector failed, stale): never used as reference. */
  unknownNodes?: readonly string[];
}

/** A drifted cohort: nodes of one workload showing the same wrong value of one dimension. */
export interface Cohort extends Pick<DriftSample, 'workload' | 'dimension' | 'hash' | 'value' | 'severity' | 'rule'> {
  /** `<workload>/<dimension>/<hash>`. */
  key: string;
  /** Sorted node names. */
  nodes: string[];
  /** Region of each node in `nodes`. */
  regionOf: Record<string, string>;
}

/** How one cohort compares with compliant nodes on one symptom. */
export type SymptomComparison =
  | {
      ok: true;
      symptom: string;
      unit: string;
      worse: 'higher' | 'lower';
      /** Cohort nodes with a value, and compliant reference nodes with a value. */
      n1: number;
      n2: number;
      /** Cliff's delta oriented so that positive means the cohort is worse. */
      worseDelta: number;
      magnitude: Magnitude;
      /** Median of the cohort over median of the reference. */
      medianRatio: number;
      hedgesG: number;
      /** One-sided p-value ("the cohort is worse"), stratified by region. */
      pValue: number;
      /** Benjamini–Hochberg q-value across every comparison in the ranking. */
      qValue: number;
      method: 'exact' | 'normal';
      regions: string[];
      score: number;
    }
  | { ok: false; symptom: string; reason: string };

export interface CohortImpact {
  cohort: Cohort;
  /** Nodes of the workload in the regions of the cohort: cohort + compliant. */
  nodesInScope: number;
  comparisons: SymptomComparison[];
  /** The comparison with the highest score, if any succeeded. */
  top?: Extract<SymptomComparison, { ok: true }> | undefined;
  /** Impact score, 0–100: the best score over the cohort's symptoms. */
  score: number;
  /** 1-based position in the ranking. */
  rank: number;
}
