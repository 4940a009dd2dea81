/**
 * Step "alerts": the alerting rules the remediation handler and people act on. Drift
 * alerts carry the playbook, approval and severity labels from the drift series and a
 * runbook link; the widespread alert trips the handler's circuit breaker; symptom SLO
 * breaches block disruptive remediation in their region.
 */
import type { Model } from '../spec/model';
import { SEVERITIES } from '../spec/schema';
import { indent } from './promql';
import { type AlertingRule, type RuleGroup } from './rules';
import { ALERT, RECORD, PLUMB_CLASS } from '../contract/metrics';

function driftAlerts(model: Model): AlertingRule[] {
  const present = new Set(model.rules.flatMap((r) => [...(r.check.kind !== 'none' ? [r.severity] : []), ...(r.optional ? [] : [r.missingSeverity])]));
  const runbook = model.settings.runbookBaseUrl.replace(/\/+$/, '');
  return SEVERITIES.filter((s) => present.has(s)).map((severity) => ({
    alert: ALERT.configDrift,
    // The last known drift of a node that went down keeps the alert firing, same labels.
    expr: `${RECORD.drift}{severity="${severity}"}\nor\n${RECORD.driftUnknown}{severity="${severity}"}`,
    for: model.settings.alertFor[severity],
    keep_firing_for: model.settings.keepFiringFor,
    // Same value as the series' own label; it keeps the per-severity rules distinct for linters.
    labels: { severity },
    annotations: {
      summary: `${severity} drift of {{ $labels.workload }}/{{ $labels.dimension }} on {{ $labels.node }}`,
      description:
        'Node {{ $labels.node }} ({{ $labels.region }}, pool {{ $labels.pool }}) runs {{ $labels.workload }} {{ if eq $labels.reason "missing" }}without {{ $labels.dimension }}, which rule {{ $labels.rule }} expects{{ else }}with {{ $labels.dimension }} hash {{ $labels.hash }}, which rule {{ $labels.rule }} does not accept{{ end }}. Playbook: {{ $labels.playbook }} (approval {{ $labels.approval }}).',
      runbook_url: `${runbook}/{{ $labels.workload }}/{{ $labels.dimension }}`,
    },
  }));
}

/** `for` of PlumbWidespreadDrift. */
export const WIDESPREAD_FOR = '0s';

/**
 * PlumbWidespreadDrift where the whole pool is counted. `level1`: from the Prometheus's own
 * pool counts, silent once the region's tier reports shards (a shard sees part of a pool, so
 * its share can be high where the region's is not, and low where it is). `level2`: at the
 * tier, from the counts summed over the shards (`shard=""`), only while it counts shards (so
 * never twice in an unsharded Prometheus that loads both files).
 */
export function widespreadAlert(model: Model, level: AlertLevel): AlertingRule {
  const { share, minNodes } = model.settings.widespread;
  const labels = 'region, pool, workload, dimension, severity';
  const regional = level === 'level2' ? '{shard=""}' : '';
  const condition = `(${RECORD.poolDriftRatio}${regional} > ${share})\nand on (${labels})\n(${RECORD.poolDriftNodesCount}${regional} >= ${minNodes})`;
  return {
    alert: ALERT.widespreadDrift,
    expr: `max by (${labels}) (\n${indent(`${condition}\n${whoDecides(level)}`)}\n)`,
    // No hold-down: the breaker must open before the per-node drift alerts (held `alertFor`)
    // reach the handler, or a bad rollout is remediated node by node first. Opening on a
    // transient only pauses remediation, the safe direction.
    for: WIDESPREAD_FOR,
    // Held like drift alerts: a circuit breaker that resets on a one-scrape dip would let a storm through.
    keep_firing_for: model.settings.keepFiringFor,
    labels: { plumb_class: PLUMB_CLASS.circuitBreaker },
    annotations: {
      summary: 'Widespread drift of {{ $labels.workload }}/{{ $labels.dimension }} in pool {{ $labels.pool }} ({{ $labels.region }})',
      description: `{{ $value | humanizePercentage }} of pool {{ $labels.pool }} drifted on {{ $labels.dimension }} (threshold ${Math.round(share * 10000) / 100}%, at least ${minNodes} nodes): probably a bad rollout or a wrong spec. Automatic remediation stops until a person looks.`,
      runbook_url: `${model.settings.runbookBaseUrl.replace(/\/+$/, '')}/widespread-drift`,
    },
  };
}

function unknownAlert(model: Model): AlertingRule {
  return {
    alert: ALERT.nodeUnknown,
    expr: RECORD.unknown,
    for: model.settings.staleAfter,
    labels: { plumb_class: PLUMB_CLASS.unknown },
    annotations: {
      summary: 'Config state of {{ $labels.node }} is unknown ({{ $labels.reason }})',
      description:
        'Node {{ $labels.node }} ({{ $labels.region }}, pool {{ $labels.pool }}) is not reporting its configuration ({{ $labels.reason }}); it is not counted compliant.',
      runbook_url: `${model.settings.runbookBaseUrl.replace(/\/+$/, '')}/node-unknown`,
    },
  };
}

/** Where a region-wide alert is decided: the Prometheus holding the region, or the tier above its shards. */
export type AlertLevel = 'level1' | 'level2';

/** Exactly one of the two decides: the tier while it counts shards, the Prometheus holding the whole region otherwise. */
function whoDecides(level: AlertLevel): string {
  return `${level === 'level1' ? 'unless' : 'and'} on (region)\n${RECORD.regionShardsCount}`;
}

/**
 * A region's value of a symptom from its recorded partials (symptom-rules.ts): the sum, the
 * maximum, or the sum over the count for an average. At level 2 the partials are the tier's
 * own (`shard=""`), combined over the shards.
 */
function regionValue(aggregate: 'sum' | 'max' | 'avg', symptom: string, level: AlertLevel): string {
  const part = (record: string) => `${record}{${level === 'level2' ? 'shard="", ' : ''}symptom="${symptom}"}`;
  if (aggregate === 'avg') return `(${part(RECORD.symptomRegionSum)} / on (region, symptom) ${part(RECORD.symptomRegionCount)})`;
  return part(aggregate === 'sum' ? RECORD.symptomRegionSum : RECORD.symptomRegionMax);
}

/** PlumbSymptomSLOBreach per symptom with an SLO, decided where the whole region is combined (as {@link widespreadAlert}). */
export function symptomAlerts(model: Model, level: AlertLevel): AlertingRule[] {
  return [...model.symptoms]
    .filter((s) => s.slo !== undefined)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((s) => {
      const slo = s.slo as NonNullable<typeof s.slo>;
      return {
        alert: ALERT.symptomSLOBreach,
        expr: `(${regionValue(slo.aggregate, s.name, level)} ${s.worse === 'higher' ? '>' : '<'} ${slo.threshold})\n${whoDecides(level)}`,
        for: slo.for,
        labels: { symptom: s.name, plumb_class: PLUMB_CLASS.symptomSlo },
        annotations: {
          summary: `${s.name} SLO breached in {{ $labels.region }}`,
          description: `${slo.aggregate} of ${s.name} in {{ $labels.region }} is {{ $value }} ${s.unit} (SLO: ${s.worse === 'higher' ? 'at most' : 'at least'} ${slo.threshold}). Disruptive remediation is blocked in this region while this fires.`,
          runbook_url: `${model.settings.runbookBaseUrl.replace(/\/+$/, '')}/symptom/${s.name}`,
        },
      };
    });
}

/** How long before an exception expires its alert fires. */
export const EXCEPTION_WARNING_SECONDS = 7 * 86400;

function exceptionExpiringAlert(model: Model): AlertingRule {
  return {
    alert: ALERT.exceptionExpiring,
    expr: `${RECORD.driftExcepted} - time() < ${EXCEPTION_WARNING_SECONDS}`,
    for: '0s',
    labels: { plumb_class: PLUMB_CLASS.exceptionExpiring },
    annotations: {
      summary: 'Exception {{ $labels.ticket }} for {{ $labels.rule }} on {{ $labels.node }} expires in {{ $value | humanizeDuration }}',
      description:
        'Exception {{ $labels.ticket }} (approved by {{ $labels.approver }}) suppresses {{ $labels.severity }} drift of {{ $labels.workload }}/{{ $labels.dimension }} on {{ $labels.node }} ({{ $labels.region }}, pool {{ $labels.pool }}). When it expires the drift alerts and remediation resume: fix the node or renew the exception.',
      runbook_url: `${model.settings.runbookBaseUrl.replace(/\/+$/, '')}/exception-expiring`,
    },
  };
}

/** The `plumb-alerts` group. */
export function compileAlertRules(model: Model): RuleGroup {
  const excepted = model.rules.some((r) => r.exceptions.length > 0) ? [exceptionExpiringAlert(model)] : [];
  return {
    name: 'plumb-alerts',
    rules: [...driftAlerts(model), widespreadAlert(model, 'level1'), unknownAlert(model), ...excepted, ...symptomAlerts(model, 'level1')],
  };
}
