import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYMPTOM_METRIC } from '@plumb/core/contract';
import { loadSpecText } from '@plumb/core/spec/load';
import { loadScenario } from './scenario';

const REPO = resolve(import.meta.dirname, '../..');
const spec = loadSpecText(readFileSync(join(REPO, 'examples/paywave/desired-state.yaml'), 'utf8'), 'desired-state.yaml');
if (!spec.ok) throw new Error('the example spec does not load');
const query = (name: string) => spec.model.symptoms.find((s) => s.name === name)?.query ?? '';

describe('symptom names shared by the spec, the simulator and the exporter', () => {
  it.each([
    { name: "Duplicate loads are the exporter's duplicate-rows counter.", symptom: 'duplicate_loads', metric: SYMPTOM_METRIC.duplicateRows },
    { name: "DQ failures are the exporter's dbt test-failure counter.", symptom: 'dq_failures', metric: SYMPTOM_METRIC.dqTestFailures },
  ])('$name', ({ symptom, metric }) => {
    expect(query(symptom)).toContain(`${metric}[`);
    for (const file of ['default.yaml', 'e2e.yaml']) expect(loadScenario(join(REPO, 'sim/scenarios', file)).symptoms[symptom]?.metric).toBe(metric);
  });

  it.each([
    { name: "Query failures are the query collector's failure counter.", symptom: 'query_failures', metric: SYMPTOM_METRIC.queryFailures },
    { name: "Query anomalies are the query collector's anomaly counter.", symptom: 'query_anomalies', metric: SYMPTOM_METRIC.queryAnomalies },
  ])('$name', ({ symptom, metric }) => expect(query(symptom)).toContain(`${metric}[`));

  it("Consumer lag counts Spark Structured Streaming's lag beside the consumer groups', and the simulator serves each where it belongs.", () => {
    expect(query('consumer_lag')).toContain(SYMPTOM_METRIC.consumerGroupLag);
    expect(query('consumer_lag')).toContain(SYMPTOM_METRIC.streamingLag);
    for (const file of ['default.yaml', 'e2e.yaml']) {
      expect(loadScenario(join(REPO, 'sim/scenarios', file)).symptoms['consumer_lag']?.metric).toEqual({
        'spark-streaming': SYMPTOM_METRIC.streamingLag,
        'kafka-consumer': SYMPTOM_METRIC.consumerGroupLag,
      });
    }
  });
});
