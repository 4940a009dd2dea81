/**
 * A small, fixed fleet for the plugin's and the dashboards' tests: 102 nodes in three
 * regions, each running one data workload plus `host`, with the drift of
 * `INJECTIONS` placed on known nodes. Pure and deterministic.
 */
import type { NodeIdentity } from '@plumb/core/state/types';
import { INJECTIONS } from './fleet-values';

export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'] as const;

export interface FleetNode {
  identity: NodeIdentity;
  workload: string;
  /** Exporter address, the `instance` label. */
  instance: string;
  /** dimension → injected raw value, for the node's data workload or `host`. */
  overrides: Map<string, { workload: string; value: string }>;
  /** Symptom levels that differ from the baseline. */
  symptoms: Map<string, number>;
  health: 'ok' | 'collector-failed' | 'stale';
}

const LAYOUT: { workload: string; count: number; instanceType: (i: number) => string; pool: string; platform: 'k8s' | 'emr' }[] = [
  { workload: 'airflow-worker', count: 7, instanceType: (i) => (i === 6 ? 'm6i.4xlarge' : 'm6i.2xlarge'), pool: 'airflow-workers', platform: 'k8s' },
  { workload: 'spark-streaming', count: 8, instanceType: () => 'r6i.2xlarge', pool: 'spark-streaming', platform: 'k8s' },
  { workload: 'spark-batch', count: 7, instanceType: (i) => (i < 4 ? 'r6i.4xlarge' : 'r5.4xlarge'), pool: 'spark-batch', platform: 'k8s' },
  { workload: 'dbt-runner', count: 4, instanceType: () => 'm6i.xlarge', pool: 'dbt-runners', platform: 'k8s' },
  { workload: 'kafka-consumer', count: 8, instanceType: () => 'c6i.2xlarge', pool: 'kafka-consumers', platform: 'k8s' },
];

/** Builds the fleet; node names sort in the order the injections count them. */
export function buildTestFleet(): FleetNode[] {
  const nodes: FleetNode[] = [];
  REGIONS.forEach((region, r) => {
    for (const group of LAYOUT) {
      for (let i = 0; i < group.count; i++) {
        const emr = group.workload === 'spark-batch' && i >= 4;
        const node = emr ? `emr-${region}-core-${String(i).padStart(2, '0')}` : `${group.pool}-${region}-${String(i).padStart(2, '0')}`;
        nodes.push({
          identity: { node, region, instanceType: group.instanceType(i), pool: emr ? 'emr-core' : group.pool, platform: emr ? 'emr' : group.platform },
          workload: group.workload,
          instance: `10.${r}.${LAYOUT.indexOf(group)}.${i + 10}:9860`,
          overrides: new Map(),
          symptoms: new Map(),
          health: 'ok',
        });
      }
    }
  });
  for (const inj of INJECTIONS) {
    for (const region of REGIONS) {
      const candidates = nodes.filter((n) => n.identity.region === region && (inj.workload === 'host' || n.workload === inj.workload));
      for (const n of candidates.slice(inj.offset ?? 0, (inj.offset ?? 0) + (inj.perRegion[region] ?? 0))) {
        n.overrides.set(inj.dimension, { workload: inj.workload, value: inj.value });
        if (inj.symptom) n.symptoms.set(inj.symptom.name, inj.symptom.level);
      }
    }
  }
  // Partial reporting: two dbt runners whose collectors fail and one stale airflow worker.
  byName(nodes, 'dbt-runners-us-west-2-03').health = 'collector-failed';
  byName(nodes, 'dbt-runners-eu-west-1-03').health = 'collector-failed';
  byName(nodes, 'airflow-workers-us-east-1-05').health = 'stale';
  return nodes;
}

function byName(nodes: FleetNode[], name: string): FleetNode {
  const n = nodes.find((x) => x.identity.node === name);
  if (!n) throw new Error(`test fleet has no node ${name}`);
  return n;
}
