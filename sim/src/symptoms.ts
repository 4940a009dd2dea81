/**
 * Symptom metrics driven by the injected drift: consumer lag, duplicate loads and DQ
 * failures stay at a noisy baseline except on exactly the nodes an event targeted,
 * so the correlation has a known answer.
 */
import { seededRandom } from './random';
import type { Scenario } from './scenario';
import type { NodeSim } from './world';

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
      const entry = byMetric.get(model.metric) ?? { kind: model.kind, lines: [] };
      byMetric.set(model.metric, entry);
      for (const sim of nodes) {
        if (!sim.node.workloads.some((w) => model.workloads.includes(w))) continue;
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
        entry.lines.push(`${model.metric}{node="${id.node}",region="${id.region}",pool="${id.pool}"} ${Number(value.toFixed(3))}`);
      }
    }
    let out = '';
    for (const [metric, { kind, lines }] of byMetric) out += `# TYPE ${metric} ${kind}\n${lines.join('\n')}\n`;
    return out;
  }
}
