/**
 * Impact and symptoms: for every symptom the spec declares, drifted against compliant
 * nodes (median per group, so one outlier does not decide), per region, and the worst
 * nodes. The ranked statistics live in the app's Impact page; this dashboard is the
 * PromQL view any Grafana can show.
 */
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import type { Model } from '@plumb/core/spec/model';
import { baseDashboard, DS, F, prom } from './common';
import { RECORD } from '@plumb/core/contract';

export function impactSymptomsDashboard(model: Model): Dashboard {
  const d = baseDashboard('plumb-impact-symptoms', 'Plumb · Impact on data symptoms', 'Data symptoms on drifted against compliant nodes.', ['region']);
  for (const s of [...model.symptoms].sort((a, b) => a.name.localeCompare(b.name))) {
    const series = `${RECORD.symptomPrefix}${s.name}{${F.region}}`;
    d.withRow(new RowBuilder(`${s.name} (${s.unit}, ${s.worse} is worse)`));
    d.withPanel(
      new TimeseriesPanel()
        .title(`${s.name}: median on drifted vs compliant nodes`)
        .description(s.description ?? s.query)
        .datasource(DS)
        .withTarget(prom(`quantile(0.5, ${series} and on (node) ${RECORD.drift})`, 'drifted', false, 'A'))
        .withTarget(prom(`quantile(0.5, ${series} unless on (node) ${RECORD.drift})`, 'compliant', false, 'B'))
        .height(8)
        .span(12),
    );
    d.withPanel(
      new TablePanel()
        .title(`${s.name}: by drifted dimension`)
        .datasource(DS)
        .withTarget(
          prom(
            `quantile by (workload, dimension, value) (0.5, ${series} * on (node) group_right max by (node, workload, dimension, value) (${RECORD.drift}))`,
            '',
            true,
          ),
        )
        .height(8)
        .span(12),
    );
    d.withPanel(
      new TablePanel()
        .title(`${s.name}: worst 10 nodes`)
        .datasource(DS)
        .withTarget(prom(`topk(10, ${series})`, '', true))
        .height(8)
        .span(24),
    );
  }
  return d.build();
}
