import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYMPTOM_METRIC, SYMPTOM_METRICS } from '@plumb/core/contract';
import { loadSpecFile } from '@plumb/io';
import { loadScenario, ScenarioSchema } from './scenario';
import { SymptomSource } from './symptoms';
import { SimWorld } from './world';

const REPO = resolve(import.meta.dirname, '../..');
const spec = loadSpecFile(join(REPO, 'examples/paywave/desired-state.yaml'));
if (!spec.ok) throw new Error('the example spec does not load');
const CONTRACT = new Map<string, string[]>(Object.values(SYMPTOM_METRICS).map((m) => [m.name, [...m.labels].sort()]));

/** Each exposition line of the simulator's symptoms as (metric, sorted label names, labels). */
function series(file: string) {
  const scenario = loadScenario(join(REPO, 'sim/scenarios', file), { nodes: 120 });
  const world = new SimWorld(spec.ok ? spec.model : (undefined as never), scenario);
  world.start(0);
  world.tick(600_000);
  const source = new SymptomSource(scenario);
  const text = ['us-east-1', 'us-west-2', 'eu-west-1'].map((r) => source.render(world.nodesIn(r), 600_000)).join('');
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const [, metric = '', body = ''] = /^(\w+)\{(.*)\} /.exec(line) ?? [];
      const labels = Object.fromEntries([...body.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      return { metric, names: Object.keys(labels).sort(), labels };
    });
}

describe('the simulator serves symptoms as the real collectors do', () => {
  it.each(['default.yaml', 'e2e.yaml'])('Every symptom series of %s is a contract metric with exactly its contract labels.', (file) => {
    const all = series(file);
    expect(all.length).toBeGreaterThan(50);
    for (const s of all) expect({ metric: s.metric, labels: s.names }).toEqual({ metric: s.metric, labels: CONTRACT.get(s.metric) });
  });

  it("Spark streaming nodes report the query listener's lag and Kafka consumers the consumer group's.", () => {
    const all = series('default.yaml');
    expect(all.some((s) => s.metric === SYMPTOM_METRIC.streamingLag && s.labels.workload === 'spark-streaming')).toBe(true);
    expect(all.some((s) => s.metric === SYMPTOM_METRIC.consumerGroupLag && s.labels.group === 'kafka-consumer-settlements')).toBe(true);
  });

  it.each([
    {
      name: 'A metric outside the contract is refused, naming it.',
      metric: 'kafka_consumergroup_lag',
      kind: 'gauge',
      error: 'kafka_consumergroup_lag is not a symptom metric',
    },
    {
      name: 'A kind that contradicts the contract is refused.',
      metric: SYMPTOM_METRIC.duplicateRows,
      kind: 'gauge',
      error: 'plumb_duplicate_rows_total is a counter',
    },
    {
      name: 'A per-workload map must cover every workload.',
      metric: { 'kafka-consumer': SYMPTOM_METRIC.consumerGroupLag },
      kind: 'gauge',
      error: 'no metric for workload spark-streaming',
    },
  ])('$name', ({ metric, kind, error }) => {
    const parsed = ScenarioSchema.safeParse({ name: 't', symptoms: { lag: { base: 1, metric, kind, workloads: ['kafka-consumer', 'spark-streaming'] } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message).join('\n')).toContain(error);
  });
});
