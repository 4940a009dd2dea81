/**
 * Symptom metrics: what drift costs, counted where it happens (the loader, the dbt run)
 * and served by the node's exporter next to its config state. The spec's default
 * `symptoms`, the simulator, the impact ranking and the dashboards read these names.
 */
import type { MetricDoc } from './metrics';

export const SYMPTOM_METRICS = {
  dqTestFailures: { name: 'plumb_dq_test_failures_total', type: 'counter', labels: ['model', 'test', 'node', 'workload'], meaning: 'dbt tests that failed (status `fail` or `error`; an errored test proved nothing, so it counts) on this node, one per test per run, from `run_results.json`. Warnings are apart.' },
  dqTestWarnings: { name: 'plumb_dq_test_warnings_total', type: 'counter', labels: ['model', 'test', 'node', 'workload'], meaning: 'dbt tests that ended with `warn` (severity `warn`), one per test per run.' },
  duplicateRows: { name: 'plumb_duplicate_rows_total', type: 'counter', labels: ['dataset', 'loader', 'node'], meaning: 'Rows a loader wrote beyond the distinct business keys of their batch (rows loaded − distinct keys), per batch, counted by the loader-side check.' },
} as const satisfies Record<string, MetricDoc>;

type SymptomNames = { readonly [K in keyof typeof SYMPTOM_METRICS]: (typeof SYMPTOM_METRICS)[K]['name'] };

/** Symptom metric names by key, e.g. `SYMPTOM_METRIC.duplicateRows`. */
export const SYMPTOM_METRIC = Object.fromEntries(Object.entries(SYMPTOM_METRICS).map(([key, doc]) => [key, doc.name])) as SymptomNames;
