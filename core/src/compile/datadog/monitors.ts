/**
 * Step "datadog monitors": the same alerts as the Prometheus rules, as Datadog
 * monitors over what the Agent collects from plumb-exporter (see agent-metrics):
 * drift per severity, unknown nodes, widespread drift and symptom SLO breaches.
 * Pure and deterministic; warnings come back apart from the monitors.
 */
import type { Model } from '../../spec/model';
import { SEVERITIES, type Severity } from '../../spec/schema';
import { AGENT_METRICS, datadogName } from './agent-metrics';
import { monitorMessage, runbookBase } from './messages';
import { MANAGED_TAG, TAG, type DatadogAlertKind, type DatadogMonitor, type MonitorOptions } from './monitor-types';
import { specHash } from './spec-hash';
import { durationMinutes, evaluationWindow } from './window';

export interface DatadogCompileOptions {
  /** Name of the Datadog webhook integration that points at plumb-hooks, e.g. `plumb-hooks`. */
  webhook: string;
}

export interface DatadogCompileOutput {
  monitors: DatadogMonitor[];
  warnings: string[];
}

const NODE_GROUP = 'node,region,pool,platform';
/** Re-notify while still alerting: sooner for worse drift. Minutes. */
const RENOTIFY: Record<Severity, number> = { info: 720, 'sla-risk': 120, 'correctness-risk': 30 };
const PRIORITY: Record<Severity, number> = { info: 4, 'sla-risk': 2, 'correctness-risk': 1 };

function options(renotify: number, extra: Partial<MonitorOptions> = {}): MonitorOptions {
  return {
    thresholds: { critical: 1 },
    notify_no_data: false,
    renotify_interval: renotify,
    renotify_statuses: ['alert'],
    include_tags: true,
    require_full_window: false,
    new_group_delay: 60,
    notify_audit: false,
    ...extra,
  };
}

export function compileDatadogMonitors(model: Model, opts: DatadogCompileOptions): DatadogCompileOutput {
  const common = [MANAGED_TAG, `${TAG.fleet}:${model.name}`, `${TAG.spec}:${specHash(model)}`];
  const tags = (key: string, alert: DatadogAlertKind, extra: string[] = []) => [...common, `${TAG.key}:${key}`, `${TAG.alert}:${alert}`, ...extra].sort();
  const runbook = runbookBase(model.settings.runbookBaseUrl);
  const warnings: string[] = [];
  const monitors: DatadogMonitor[] = [];

  const present = new Set(model.rules.filter((r) => r.check.kind !== 'none' && r.check.kind !== 'consistency').map((r) => r.severity));
  if (model.rules.some((r) => r.check.kind === 'consistency')) {
    warnings.push('consistency rules are decided against the cohort in Prometheus; Datadog monitors do not cover them');
  }
  const drifted = datadogName(AGENT_METRICS.dimensionDrifted);
  for (const severity of SEVERITIES.filter((s) => present.has(s))) {
    monitors.push({
      name: `[plumb ${model.name}] ${severity} config drift of {{workload.name}}/{{dimension.name}} on {{node.name}}`,
      type: 'query alert',
      // min over the window: drifted for the whole of `alertFor`, as the Prometheus `for`.
      query: `min(${evaluationWindow(model.settings.alertFor[severity])}):max:${drifted}{severity:${severity}} by {${NODE_GROUP},workload,dimension} >= 1`,
      message: monitorMessage({
        summary: `${severity} drift of {{workload.name}}/{{dimension.name}} on {{node.name}} ({{region.name}}, pool {{pool.name}}).`,
        detail: 'The dimension differs from what the spec accepts for this node. plumb-hooks plans the playbook of the rule, within its guardrails.',
        runbook: `${runbook}/{{workload.name}}/{{dimension.name}}`,
        webhook: opts.webhook,
      }),
      tags: tags(`drift-${severity}`, 'config-drift', [`severity:${severity}`]),
      priority: PRIORITY[severity],
      options: options(RENOTIFY[severity]),
    });
  }

  const stale = durationMinutes(model.settings.staleAfter);
  monitors.push({
    name: `[plumb ${model.name}] config state of {{node.name}} is unknown`,
    type: 'query alert',
    query: `max(${evaluationWindow(model.settings.staleAfter)}):max:${datadogName(AGENT_METRICS.reportPartial)}{*} by {${NODE_GROUP}} >= 1`,
    message: monitorMessage({
      summary: 'Config state of {{node.name}} ({{region.name}}, pool {{pool.name}}) is unknown: a collector failed or the exporter stopped reporting.',
      detail: 'An unknown node is never counted compliant.',
      runbook: `${runbook}/node-unknown`,
      webhook: opts.webhook,
    }),
    tags: tags('node-unknown', 'node-unknown'),
    priority: 2,
    // No data is a state of its own: a node that stops reporting alerts after two stale periods.
    options: options(RENOTIFY['sla-risk'], { notify_no_data: true, no_data_timeframe: Math.max(2, 2 * stale), renotify_statuses: ['alert', 'no data'] }),
  });
  monitors.push({
    name: `[plumb ${model.name}] {{workload.name}} values missing on {{node.name}}`,
    type: 'query alert',
    query: `max(${evaluationWindow(model.settings.staleAfter)}):max:${datadogName(AGENT_METRICS.unknownDimensions)}{*} by {${NODE_GROUP},workload} >= 1`,
    message: monitorMessage({
      summary: 'Dimensions the spec expects for {{workload.name}} are not reported by {{node.name}} ({{region.name}}).',
      detail: 'A missing value is unknown, never compliant.',
      runbook: `${runbook}/node-unknown`,
      webhook: opts.webhook,
    }),
    tags: tags('values-missing', 'node-unknown'),
    priority: 3,
    options: options(RENOTIFY.info),
  });

  const { minNodes, share } = model.settings.widespread;
  warnings.push(
    `Datadog cannot divide per-pool counts by pool size: the widespread monitor trips at ${minNodes} drifted nodes per pool (the Prometheus alert also needs ${share * 100}% of the pool), so it opens the breaker earlier, never later`,
  );
  monitors.push({
    name: `[plumb ${model.name}] widespread drift of {{workload.name}}/{{dimension.name}} in pool {{pool.name}} ({{region.name}})`,
    type: 'query alert',
    // max over keepFiringFor: opens at once, held like the Prometheus alert's keep_firing_for.
    query: `max(${evaluationWindow(model.settings.keepFiringFor)}):sum:${drifted}{*} by {region,pool,workload,dimension,severity} >= ${minNodes}`,
    message: monitorMessage({
      summary: `At least ${minNodes} nodes of pool {{pool.name}} drifted on {{workload.name}}/{{dimension.name}}: probably a bad rollout or a wrong spec.`,
      detail: 'plumb-hooks opens its circuit breaker: automatic remediation stops until a person looks.',
      runbook: `${runbook}/widespread-drift`,
      webhook: opts.webhook,
    }),
    tags: tags('widespread-drift', 'widespread-drift'),
    priority: 1,
    options: { ...options(RENOTIFY['correctness-risk']), thresholds: { critical: minNodes } },
  });

  for (const s of [...model.symptoms].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (s.slo === undefined) continue;
    if (s.datadog === undefined) {
      warnings.push(`symptom ${s.name} has an SLO but no datadog.query: no Datadog monitor blocks remediation on it`);
      continue;
    }
    const higher = s.worse === 'higher';
    monitors.push({
      name: `[plumb ${model.name}] ${s.name} SLO breached in {{region.name}}`,
      type: 'query alert',
      // Breached for the whole window, as the Prometheus `for`.
      query: `${higher ? 'min' : 'max'}(${evaluationWindow(s.slo.for)}):${s.datadog.query} ${higher ? '>' : '<'} ${s.slo.threshold}`,
      message: monitorMessage({
        summary: `${s.name} SLO breached in {{region.name}} ({{value}} ${s.unit}; SLO: ${higher ? 'at most' : 'at least'} ${s.slo.threshold}).`,
        detail: 'Disruptive remediation is blocked in this region while this alerts.',
        runbook: `${runbook}/symptom/${s.name}`,
        webhook: opts.webhook,
      }),
      tags: tags(`symptom-${s.name.replace(/_/g, '-')}`, 'symptom-slo', [`symptom:${s.name}`]),
      priority: 2,
      options: { ...options(RENOTIFY['sla-risk']), thresholds: { critical: s.slo.threshold } },
    });
  }
  return { monitors, warnings };
}
