/**
 * Drift by dimension: the drifted series with onset, and for every dimension of the
 * spec one table of how its value hashes spread over nodes — generated from the spec,
 * one row per workload type.
 */
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import type { Model } from '@plumb/core/spec/model';
import { baseDashboard, DS, F, prom } from './common';
import { configInfoWithNodeLabels, RECORD } from '@plumb/core/contract';

export function driftByDimensionDashboard(model: Model): Dashboard {
  const d = baseDashboard('plumb-drift-by-dimension', 'Plumb · Drift by dimension', 'Value hashes per dimension, actual against desired.', [
    'region',
    'workload',
    'severity',
  ])
    .withPanel(
      new TimeseriesPanel()
        .title('Drifted nodes by dimension')
        .datasource(DS)
        .withTarget(prom(`count by (workload, dimension) (${RECORD.drift}{${F.region}, ${F.workload}, ${F.severity}})`, '{{workload}}/{{dimension}}'))
        .height(8)
        .span(24),
    )
    .withPanel(
      new TablePanel()
        .title('Drifted series (value shown only for exposable dimensions)')
        .datasource(DS)
        .withTarget(
          prom(
            `max by (node, region, workload, dimension, value, severity, playbook) (${RECORD.onset}{${F.region}, ${F.workload}, ${F.severity}}) * 1000`,
            '',
            true,
          ),
        )
        .unit('dateTimeAsIso')
        .height(10)
        .span(24),
    )
    .withPanel(
      new TablePanel()
        .title('Excepted drift: suppressed by an exception until it expires')
        .description('Drift an unexpired exception suppresses; the value is when the exception expires (PlumbExceptionExpiring fires 7 days before).')
        .datasource(DS)
        .withTarget(
          prom(
            `max by (node, region, workload, dimension, severity, ticket, approver) (${RECORD.driftExcepted}{${F.region}, ${F.workload}, ${F.severity}}) * 1000`,
            '',
            true,
          ),
        )
        .unit('dateTimeAsIso')
        .height(8)
        .span(24),
    );
  const workloads = [...new Set(model.rules.map((r) => r.workload))].sort();
  for (const workload of workloads) {
    d.withRow(new RowBuilder(`Workload ${workload}`));
    for (const rule of model.rules.filter((r) => r.workload === workload)) {
      d.withPanel(
        new TablePanel()
          .title(`${rule.key} (${rule.severity}${rule.secret ? ', secret: hashes only' : ''})`)
          .description(rule.description ?? `Rule ${rule.id}.`)
          .datasource(DS)
          .withTarget(
            prom(
              `count by (hash, value) ${configInfoWithNodeLabels(`workload=${JSON.stringify(workload)}, dimension=${JSON.stringify(rule.key)}`, F.region)}`,
              '',
              true,
            ),
          )
          .height(6)
          .span(8),
      );
    }
  }
  return d.build();
}
