/**
 * Symptom metrics driven by the injected drift: consumer lag, duplicate loads and DQ
 * failures stay at a noisy baseline except on exactly the nodes an event targeted,
 * so the correlation has a known answer. Each series carries the labels the real
 * collector gives it (the metric contract), nothing more: a simulated fleet and a real
 * one answer the spec's symptom queries alike.
 */
import { SYMPTOM_METRICS } from '@plumb/core/contract';
import { seededRandom } from './random';
import { symptomMetric, type Scenario } from './scenario';
import type { NodeSim } from './world';

const CONTRACT_LABELS = new Map<string, readonly string[]>(Object.values(SYMPTOM_METRICS).map((m) => [m.name, m.labels]));

/** The value the simulator gives each contract label, as the real collectors would fill it. */
const SIM_LABEL_VALUES: Record<string, (node: string, workload: string) => string> = {
  node: (node) => node,
  workload: (_, workload) => workload,
  group: (_, workload) => `${workload}-settlements`,
  query: (_, workload) => `${workload}-enricher`,
  topic: () => 'payments',
  partition: () => '0',
  dataset: () => 'RAW.PAYMENTS',
  loader: (_, workload) => `${workload}-loader`,
  model: () => 'settlements',
  test: () => 'unique_settlements_id',
  warehouse: () => 'LOAD_WH',
  kind: () => 'rows',
};

/** The contract labels of `metric` on a node of `workload`, with the values the simulator gives them. */
export function simSymptomLabels(metric: string, node: string, workload: string): Record<string, string> {
  const labels = CONTRACT_LABELS.get(metric) ?? ['node'];
  return Object.fromEntries(labels.map((l) => [l, (SIM_LABEL_VALUES[l] ?? (() => 'sim'))(node, workload)]));
}

const exposition = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([l, v]) => `${l}="${v}"`)
    .join(',')}}`;

export class SymptomSource {
  private readonly random: () => number;
  private lastMs = new Map<string, number>();

  constructor(private readonly scenario: Scenario) {
    this.random = seededRandom(scenario.seed * 7 + 3);
  }

  /** Prometheus text for the symptom metrics of `nodes` at `nowMs`. Counters integrate the level over time. */
  render(nodes: NodeSim[], nowMs: number): string {
    const byMetric = new Map<string, { kind: string; lines: string[] }>();
    for (const [name, model] of Object.entries(this.scenario.symptoms)) {
      for (const sim of nodes) {
        const workload = sim.node.workloads.find((w) => model.workloads.includes(w));
        const metric = workload && symptomMetric(model, workload);
        if (!workload || !metric) continue;
        const entry = byMetric.get(metric) ?? { kind: model.kind, lines: [] };
        byMetric.set(metric, entry);
        const id = sim.node.identity;
        const injected = sim.symptomLevels.get(name);
        const level = Math.max(0, (injected ?? model.base) * (1 + model.noise * (this.random() * 2 - 1)));
        let value = level;
        if (model.kind === 'counter') {
          const key = `${name}\0${id.node}`;
          const last = this.lastMs.get(key) ?? nowMs;
          value = (sim.counters.get(name) ?? 0) + (level * (nowMs - last)) / 1000;
          sim.counters.set(name, value);
          this.lastMs.set(key, nowMs);
        }
        entry.lines.push(`${metric}${exposition(simSymptomLabels(metric, id.node, workload))} ${Number(value.toFixed(3))}`);
      }
    }
    let out = '';
    for (const [metric, { kind, lines }] of byMetric) out += `# TYPE ${metric} ${kind}\n${lines.join('\n')}\n`;
    return out;
  }
}
