/**
 * The simulated fleet: PayWave's mix of 80 % Kubernetes workers and 20 % EMR VMs
 * in three regions, each node running one data workload plus `host`, on a few
 * instance types and pools. Deterministic for a given size and seed.
 */
import type { NodeIdentity } from '@plumb/core/state/types';
import { apportion, seededRandom, shuffled } from './random';

export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'] as const;
const REGION_WEIGHTS = [45, 25, 30];

export interface SimNode {
  identity: NodeIdentity;
  /** Workload types on the node; always includes `host`. */
  workloads: string[];
}

interface Profile {
  workload: string;
  platform: 'k8s' | 'emr';
  weight: number;
  /** Instance types with weights; the first is the common one. */
  instanceTypes: [string, number][];
  pool: (instanceType: string) => string;
}

/** k8s share 80 % (split by PayWave's workload mix), EMR 20 % (Spark batch on CORE nodes). */
const PROFILES: Profile[] = [
  {
    workload: 'airflow-worker',
    platform: 'k8s',
    weight: 24,
    instanceTypes: [
      ['m6i.2xlarge', 3],
      ['m6i.4xlarge', 1],
    ],
    pool: () => 'airflow-workers',
  },
  { workload: 'spark-streaming', platform: 'k8s', weight: 14, instanceTypes: [['r6i.2xlarge', 1]], pool: () => 'spark-streaming' },
  {
    workload: 'spark-batch',
    platform: 'k8s',
    weight: 14,
    instanceTypes: [
      ['r6i.4xlarge', 3],
      ['r6i.8xlarge', 1],
    ],
    pool: (t) => (t === 'r6i.8xlarge' ? 'spark-batch-large' : 'spark-batch'),
  },
  { workload: 'dbt-runner', platform: 'k8s', weight: 8, instanceTypes: [['m6i.xlarge', 1]], pool: () => 'dbt-runners' },
  { workload: 'kafka-consumer', platform: 'k8s', weight: 20, instanceTypes: [['c6i.2xlarge', 1]], pool: () => 'kafka-consumers' },
  {
    workload: 'spark-batch',
    platform: 'emr',
    weight: 20,
    instanceTypes: [
      ['r5.4xlarge', 3],
      ['r6i.8xlarge', 1],
    ],
    pool: () => 'emr-core',
  },
];

/** Builds `size` nodes; `firstIndex` lets churn add nodes with fresh names. */
export function buildFleet(size: number, seed: number, firstIndex = 0): SimNode[] {
  const random = seededRandom(seed + firstIndex);
  const profiles = shuffled(
    expand(
      PROFILES.map((p) => p.weight),
      size,
    ).map((i) => PROFILES[i]!),
    random,
  );
  const regions = shuffled(expand(REGION_WEIGHTS, size), random);
  return profiles.map((profile, k) => {
    const index = firstIndex + k;
    const region = REGIONS[regions[k]!]!;
    const instanceType = pickWeighted(profile.instanceTypes, random);
    const node =
      profile.platform === 'emr'
        ? `emr-${region}-core-${String(index).padStart(4, '0')}`
        : `ip-10-${REGIONS.indexOf(region)}-${Math.floor(index / 250)}-${index % 250}.${region}.compute.internal`;
    return {
      identity: { node, region, instanceType, pool: profile.pool(instanceType), platform: profile.platform },
      workloads: [profile.workload, 'host'],
    };
  });
}

function expand(weights: readonly number[], total: number): number[] {
  return apportion(total, weights).flatMap((count, i) => Array<number>(count).fill(i));
}

function pickWeighted(options: [string, number][], random: () => number): string {
  const total = options.reduce((a, [, w]) => a + w, 0);
  let r = random() * total;
  for (const [value, weight] of options) {
    r -= weight;
    if (r < 0) return value;
  }
  return options[0]![0];
}
