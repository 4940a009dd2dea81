/** Fleet overview: compliance, drifted and unknown nodes, freshness, drift by severity over time. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import type { Model } from '@plumb/core/spec/model';
import { baseDashboard, DS, F, prom } from './common';
import { RECORD, SEVERITY_RANK } from '@plumb/core/contract';

export function fleetOverviewDashboard(model: Model): Dashboard {
  const stat = (title: string, expr: string, unit: string) =>
    new StatPanel()
      .title(title)
      .datasource(DS)
      .withTarget(prom(expr, '', true))
      .unit(unit)
      .height(5)
      .span(6);
  return baseDashboard('plumb-fleet-overview', 'Plumb · Fleet overview', `Compliance of the ${model.name} fleet against its desired state.`, ['region'])
    .withPanel(
      stat(
        'Compliant nodes',
        `1 - count(count by (node) (${RECORD.drift}{${F.region}})) / count(count by (node) (${RECORD.nodeWorkload}{${F.region}}))`,
        'percentunit',
      ),
    )
    .withPanel(stat('Drifted nodes', `count(count by (node) (${RECORD.drift}{${F.region}}))`, 'none'))
    .withPanel(stat('Unknown nodes', `sum(${RECORD.unknownNodesCount}{${F.region}})`, 'none'))
    .withPanel(stat('Detection freshness (worst)', 'max(time() - max by (instance) (plumb_collector_last_success_timestamp_seconds))', 's'))
    .withPanel(
      new TablePanel()
        .title('Drifted share by region × workload × severity')
        .datasource(DS)
        .withTarget(prom(`${RECORD.driftNodesRatio}{${F.region}}`, '', true))
        .unit('percentunit')
        .height(9)
        .span(12),
    )
    .withPanel(
      new TablePanel()
        .title('Unknown nodes by reason')
        .datasource(DS)
        .withTarget(prom(`count by (region, reason) (${RECORD.unknown}{${F.region}})`, '', true))
        .height(9)
        .span(12),
    )
    .withPanel(
      new TimeseriesPanel()
        .title('Drifted nodes by severity')
        .datasource(DS)
        .withTarget(prom(`sum by (severity) (${RECORD.driftNodesCount}{${F.region}})`, '{{severity}}'))
        .height(8)
        .span(12),
    )
    .withPanel(
      new TimeseriesPanel()
        .title('Nodes at correctness risk by region')
        .datasource(DS)
        .withTarget(prom(`count by (region) (${RECORD.severityMax}{${F.region}} == ${SEVERITY_RANK['correctness-risk']})`, '{{region}}'))
        .height(8)
        .span(12),
    )
    .build();
}
