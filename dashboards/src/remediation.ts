/** Remediation: the handler's webhook intake, decisions, guardrail refusals and Plumb alerts. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import type { Model } from '@plumb/core/spec/model';
import { baseDashboard, DS, prom } from './common';

export function remediationDashboard(model: Model): Dashboard {
  return baseDashboard('plumb-remediation', 'Plumb · Remediation', `What the remediation handler did for ${model.name}, and why.`, [])
    .withPanel(
      new StatPanel()
        .title('Leader replicas')
        .datasource(DS)
        .withTarget(prom('sum(plumb_hooks_leader)', '', true))
        .height(5)
        .span(6),
    )
    .withPanel(
      new StatPanel()
        .title('Webhook ack p99')
        .datasource(DS)
        .withTarget(prom('histogram_quantile(0.99, sum by (le) (rate(plumb_hooks_webhook_ack_seconds_bucket[5m])))', '', true))
        .unit('s')
        .height(5)
        .span(6),
    )
    .withPanel(
      new StatPanel()
        .title('Alerts received (1h)')
        .datasource(DS)
        .withTarget(prom('sum(increase(plumb_hooks_webhook_alerts_total[1h]))', '', true))
        .height(5)
        .span(6),
    )
    .withPanel(
      new StatPanel()
        .title('Plumb alerts pending or firing')
        .datasource(DS)
        .withTarget(prom('count(ALERTS{alertname=~"Plumb.*"})', '', true))
        .height(5)
        .span(6),
    )
    .withPanel(
      new TimeseriesPanel()
        .title('Decisions by result and mode')
        .datasource(DS)
        .withTarget(prom('sum by (result, mode) (increase(plumb_hooks_decisions_total[15m]))', '{{result}} ({{mode}})'))
        .height(8)
        .span(12),
    )
    .withPanel(
      new TimeseriesPanel()
        .title('Webhook requests by outcome')
        .datasource(DS)
        .withTarget(prom('sum by (outcome) (rate(plumb_hooks_webhook_requests_total[5m]))', '{{outcome}}'))
        .unit('reqps')
        .height(8)
        .span(12),
    )
    .withPanel(
      new TablePanel()
        .title('Plumb alerts by name, state, playbook and approval')
        .datasource(DS)
        .withTarget(prom('count by (alertname, alertstate, severity, playbook, approval) (ALERTS{alertname=~"Plumb.*"})', '', true))
        .height(8)
        .span(24),
    )
    .build();
}
