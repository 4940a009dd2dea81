import { describe, expect, it } from 'vitest';
import { buildFleet, REGIONS } from './fleet';

describe('buildFleet', () => {
  const fleet = buildFleet(1000, 7);

  it('builds the PayWave mix of 800 Kubernetes workers and 200 EMR VMs', () => {
    expect(fleet.filter((n) => n.identity.platform === 'k8s')).toHaveLength(800);
    expect(fleet.filter((n) => n.identity.platform === 'emr')).toHaveLength(200);
  });

  it('spreads nodes over the three regions and gives every node a unique name', () => {
    for (const r of REGIONS) expect(fleet.filter((n) => n.identity.region === r).length).toBeGreaterThan(200);
    expect(new Set(fleet.map((n) => n.identity.node)).size).toBe(1000);
  });

  it('runs every data workload and the host workload on every node', () => {
    const workloads = new Set(fleet.flatMap((n) => n.workloads));
    expect([...workloads].sort()).toEqual(['airflow-worker', 'dbt-runner', 'host', 'kafka-consumer', 'spark-batch', 'spark-streaming']);
    expect(fleet.every((n) => n.workloads.includes('host'))).toBe(true);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(buildFleet(50, 7)).toEqual(buildFleet(50, 7));
    expect(buildFleet(50, 8).map((n) => n.identity.region)).not.toEqual(buildFleet(50, 7).map((n) => n.identity.region));
  });

  it('names nodes added later without clashing with the first ones', () => {
    const later = buildFleet(20, 7, 1000);
    const names = new Set(fleet.map((n) => n.identity.node));
    expect(later.some((n) => names.has(n.identity.node))).toBe(false);
  });
});

describe('apportion', () => {
  it('always hands out exactly the total, whatever the rounding', async () => {
    const { apportion } = await import('./random');
    for (const total of [1, 7, 59, 60, 61, 999, 1000]) expect(apportion(total, [24, 14, 14, 8, 20, 20]).reduce((a, b) => a + b, 0)).toBe(total);
  });
});
