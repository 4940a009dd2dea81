import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '@plumb/io';
import { ScenarioSchema } from './scenario';
import { SimWorld } from './world';

const spec = loadSpecFile(new URL('../../examples/paywave/desired-state.yaml', import.meta.url).pathname);
if (!spec.ok) throw new Error('example spec must load');
const baseline = {
  'java.version': '17.0.11',
  'python.version': '3.11.9',
  'os.pkg.tzdata': '2024a-0+deb12u1',
  'kernel.release': '6.1.0',
  'dbt.adapter.snowflake': '1.8.3',
};

function world(events: unknown[]) {
  return new SimWorld(spec.ok ? spec.model : (undefined as never), ScenarioSchema.parse({ name: 't', nodes: 60, seed: 3, baseline, events }));
}

describe('SimWorld', () => {
  it('applies a drift to exactly the selected number of matching nodes when it falls due', () => {
    const w = world([
      { name: 'tz', at: '10s', action: 'drift', select: { workload: 'spark-batch', count: 2 }, set: { 'spark.sql.session.timeZone': 'America/New_York' } },
    ]);
    w.start(0);
    expect(w.tick(5_000)).toBe(false);
    expect(w.tick(10_000)).toBe(true);
    const [record] = w.truth;
    expect(record?.nodes).toHaveLength(2);
    for (const n of record?.nodes ?? []) expect(w.nodes.get(n)?.overrides.get('spark.sql.session.timeZone')).toBe('America/New_York');
  });

  it('reverts a flap after revertAfter and records when', () => {
    const w = world([
      { name: 'flap', at: '1s', action: 'drift', select: { workload: 'airflow-worker', count: 1 }, set: { 'core.default_task_retries': 0 }, revertAfter: '5s' },
    ]);
    w.start(0);
    w.tick(1_000);
    const node = w.truth[0]?.nodes[0] ?? '';
    expect(w.nodes.get(node)?.overrides.size).toBe(1);
    w.tick(6_000);
    expect(w.nodes.get(node)?.overrides.size).toBe(0);
    expect(w.truth[0]?.revertedAtMs).toBe(6_000);
  });

  it('never targets one node from two events, so the truth stays unambiguous', () => {
    const w = world([
      { name: 'a', at: '1s', action: 'silence', select: { workload: 'dbt-runner' } },
      { name: 'b', at: '2s', action: 'drift', select: { workload: 'dbt-runner' }, set: { 'dbt.profile.target': 'dev' } },
    ]);
    w.start(0);
    w.tick(3_000);
    const [a, b] = w.truth;
    expect(a?.nodes.length).toBeGreaterThan(0);
    expect(b?.nodes).toEqual([]);
  });

  it('removes and adds nodes for churn', () => {
    const w = world([
      { name: 'out', at: '1s', action: 'add-nodes', select: { workload: 'airflow-worker' }, count: 3 },
      { name: 'in', at: '2s', action: 'remove-nodes', select: { workload: 'kafka-consumer' }, count: 2 },
    ]);
    w.start(0);
    w.tick(3_000);
    expect(w.nodes.size).toBe(61);
    expect(w.removed.size).toBe(2);
    expect(w.truth[0]?.nodes.every((n) => w.nodes.get(n)?.node.workloads.includes('airflow-worker'))).toBe(true);
  });

  it('starts the exporters of the first nodes with the simulator, and those of churned-in nodes when they are added', () => {
    const w = world([{ name: 'out', at: '5s', action: 'add-nodes', select: { workload: 'airflow-worker' }, count: 2 }]);
    w.start(1_000);
    const first = new Set(w.nodes.keys());
    w.tick(6_000);
    for (const [name, sim] of w.nodes) expect(sim.startedAtMs).toBe(first.has(name) ? 1_000 : 6_000);
    expect(w.nodes.size).toBe(62);
  });

  it('rejects a scenario whose baseline lacks a value the spec cannot imply, naming the key', () => {
    expect(() => new SimWorld(spec.ok ? spec.model : (undefined as never), ScenarioSchema.parse({ name: 't', nodes: 10, baseline: {} }))).toThrow(
      /scenario baseline has no value for "os\.pkg\.tzdata"/,
    );
  });
});
