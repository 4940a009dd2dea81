import { describe, expect, it } from 'vitest';
import { EXPORTER_METRICS, type MetricDoc } from '@plumb/core/contract';
import { METRIC_FAMILIES } from './families';

const contract = Object.values(EXPORTER_METRICS as Record<string, MetricDoc>).map((m) => ({
  name: m.name,
  labels: [...m.labels, ...(m.optionalLabels ?? [])],
}));
const rendered = METRIC_FAMILIES.map((f) => ({ name: f.name, labels: [...f.labelNames] }));

describe('exporter metric families and the contract', () => {
  it('The exporter renders exactly the contract metrics, with the contract labels in order.', () => {
    expect(rendered).toEqual(contract);
  });
});
