/**
 * Registers the symptom counters on the exporter's registry. Values are read from the
 * store at scrape time and carry the node's name, so a symptom series joins the node
 * it happened on even where no `plumb_node_info` join is made.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { SYMPTOM_METRICS } from '@plumb/core/contract';
import type { SymptomStore } from './store';
import type { GaugeSample, StreamingProgressStore } from './streaming';

const FAMILIES = [
  { doc: SYMPTOM_METRICS.dqTestFailures, family: 'dqFailures' },
  { doc: SYMPTOM_METRICS.dqTestWarnings, family: 'dqWarnings' },
  { doc: SYMPTOM_METRICS.duplicateRows, family: 'duplicateRows' },
] as const;

export function registerSymptomMetrics(registry: Registry, store: SymptomStore, node: () => string): void {
  for (const { doc, family } of FAMILIES) {
    new Counter({
      name: doc.name,
      help: doc.meaning.replace(/`/g, ''),
      labelNames: [...doc.labels],
      registers: [registry],
      collect(this: Counter) {
        this.reset();
        for (const s of store.samples(family)) this.inc({ ...s.labels, node: node() }, s.value);
      },
    });
  }
}

export function registerStreamingMetrics(registry: Registry, store: StreamingProgressStore, node: () => string, now: () => number = Date.now): void {
  const gauges: [{ name: string; meaning: string; labels: readonly string[] }, (t: number) => GaugeSample[]][] = [
    [SYMPTOM_METRICS.streamingLag, (t) => store.lag(t)],
    [SYMPTOM_METRICS.streamingInputRate, (t) => store.perQuery(t, (p) => p.inputRowsPerSecond)],
    [SYMPTOM_METRICS.streamingProcessedRate, (t) => store.perQuery(t, (p) => p.processedRowsPerSecond)],
    [SYMPTOM_METRICS.streamingBatchDuration, (t) => store.perQuery(t, (p) => p.batchDurationSeconds)],
    [SYMPTOM_METRICS.streamingLastProgress, (t) => store.perQuery(t, (p) => p.timestampSeconds)],
  ];
  for (const [doc, samples] of gauges) {
    new Gauge({
      name: doc.name,
      help: doc.meaning.replace(/`/g, ''),
      labelNames: [...doc.labels],
      registers: [registry],
      collect(this: Gauge) {
        this.reset();
        for (const s of samples(now())) this.set({ ...s.labels, node: node() }, s.value);
      },
    });
  }
}
