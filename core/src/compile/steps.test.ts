/** One table per remaining compiler step: labels, node state, rollups, symptoms, alerts, rendering. */
import { describe, expect, it } from 'vitest';
import { compileAlertRules } from './alert-rules';
import { compileModel } from './compile';
import { compileFlappingRule } from './flapping-rules';
import { compileLabelRules } from './label-rules';
import { toPrometheusRule } from './prometheus-rule';
import { GENERATED_HEADER, renderRuleFile } from './render';
import { compileRollupRules } from './rollup-rules';
import { SEVERITY_RANK } from '../contract/severity';
import { compileOnsetRule, compileSeverityMaxRule } from './severity-rules';
import { compileSymptomRules } from './symptom-rules';
import { rulesTestModel } from './testing-model';
import { compileUnknownRules } from './unknown-rules';

const model = rulesTestModel();
const records = (rules: { record?: string; alert?: string }[]) => rules.map((r) => r.record ?? r.alert);

describe('compiler steps', () => {
  it('The labels step joins config info and values with node metadata.', () => {
    const g = compileLabelRules(model);
    expect(records(g.rules)).toEqual(['plumb:node_info:last', 'plumb:config_info:labeled', 'plumb:config_value:labeled']);
    expect(g.rules[1]?.expr).toContain('group_left (node, region, instance_type, pool, platform)');
  });

  it('The unknown step has one rule per reason, with staleAfter in seconds.', () => {
    const rules = compileUnknownRules(model);
    expect(rules.map((r) => r.labels?.reason)).toEqual(['down', 'collector-failed', 'stale', 'never-answered']);
    expect(rules[2]?.expr).toContain('> 300');
  });

  it('The flapping step counts changes without extrapolation, reads an absent counter as zero and tells restarts from the exporter start time.', () => {
    const { expr } = compileFlappingRule(model);
    expect(expr).toContain('max_over_time(plumb_config_changes_total{job="plumb-exporter"}[1h]) - min_over_time');
    expect(expr).toContain('unless on (instance) (changes(plumb_exporter_start_time_seconds{job="plumb-exporter"}[1h]) > 0)');
    expect(expr).toContain('count_over_time(plumb_config_changes_total{job="plumb-exporter"}[1h]) < on (instance) group_left count_over_time(plumb_exporter_start_time_seconds{job="plumb-exporter"}[1h])');
    expect(expr).toContain('changes(plumb_config_changes_total{job="plumb-exporter"}[1h]) - resets(');
    expect(expr).toContain('clamp_max(min_over_time(plumb_config_changes_total{job="plumb-exporter"}[1h]), 1)');
    expect(expr).toContain(') >= 2');
  });

  it('The onset step takes the last change where there is one and falls back to the exporter start time per dimension.', () => {
    const { expr } = compileOnsetRule(model);
    expect(expr).toContain('max by (instance, workload, dimension) (plumb_config_last_change_timestamp_seconds{job="plumb-exporter"})');
    expect(expr).toContain('or on (instance, workload, dimension)');
    expect(expr).toContain('max by (instance) (plumb_exporter_start_time_seconds{job="plumb-exporter"})\n  * on (instance) group_right\n  plumb:config_drift:info');
  });

  it.each([
    ['info', 1],
    ['sla-risk', 2],
    ['correctness-risk', 3],
  ] as const)('Severity %s ranks %d.', (s, n) => {
    expect(SEVERITY_RANK[s]).toBe(n);
    expect(compileSeverityMaxRule().expr).toContain(`{severity="${s}"}) * ${n}`);
  });

  it('The rollup step records counts and ratios by region, workload and severity.', () => {
    expect(records(compileRollupRules())).toEqual([
      'plumb:nodes:count',
      'plumb:drift_nodes:count',
      'plumb:drift_nodes:ratio',
      'plumb:unknown_nodes:count',
      'plumb:compliant_nodes:count',
      'plumb:pool_drift_nodes:count',
      'plumb:pool_drift:ratio',
    ]);
  });

  it('The symptom step records one series per symptom joined on node.', () => {
    const [lag] = compileSymptomRules(model);
    expect(lag?.record).toBe('plumb:symptom:consumer_lag');
    expect(lag?.expr).toContain('sum by (node) (kafka_lag)');
    expect(lag?.expr).toContain('* on (node) group_left (region, instance_type, pool, platform)');
  });

  it('The alert step writes drift alerts per severity, the widespread, unknown, exception-expiry and SLO alerts.', () => {
    const g = compileAlertRules(model);
    expect(g.rules.map((r) => ('alert' in r ? `${r.alert}:${r.for}` : ''))).toEqual([
      'PlumbConfigDrift:5m',
      'PlumbConfigDrift:2m',
      'PlumbConfigDrift:1m',
      'PlumbWidespreadDrift:0s',
      'PlumbNodeUnknown:5m',
      'PlumbExceptionExpiring:0s',
      'PlumbSymptomSLOBreach:2m',
    ]);
    expect(g.rules[3]?.expr).toContain('(plumb:pool_drift:ratio > 0.5)');
    expect(g.rules[3]?.expr).toContain('(plumb:pool_drift_nodes:count >= 2)');
  });

  it('Rendering starts with the generated header and wraps groups for the PrometheusRule.', () => {
    const text = renderRuleFile([compileLabelRules(model)], 'spec.yaml');
    expect(text.startsWith(`${GENERATED_HEADER}\n# Source: spec.yaml\ngroups:\n`)).toBe(true);
    expect(toPrometheusRule('x', []).metadata.name).toBe('plumb-x');
  });

  it('The whole chain is deterministic and never writes the salt.', () => {
    const salt = Buffer.from('a-very-private-salt-value');
    const a = compileModel(model, salt, 'spec.yaml');
    const b = compileModel(model, salt, 'spec.yaml');
    expect(a.files).toEqual(b.files);
    expect(Object.values(a.files).join('')).not.toContain('a-very-private-salt-value');
  });
});
