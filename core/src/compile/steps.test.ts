/**
 * The structure each remaining compiler step writes: names, labels, order, rendering. What
 * the rules compute is asserted by evaluating them with promtool in test/rules, not here.
 */
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
  it('The labels step writes the node-info carry, the required dimensions each node reports and the nodes each workload runs on, and no copy of the config series.', () => {
    const g = compileLabelRules(model);
    expect(records(g.rules)).toEqual(['plumb:node_info:last', 'plumb:node_workload:reported', 'plumb:node_workload:info']);
  });

  it('The unknown step has one rule per reason.', () => {
    const rules = compileUnknownRules(model);
    expect(rules.map((r) => r.labels?.reason)).toEqual(['down', 'collector-failed', 'stale', 'never-answered']);
  });

  it('The flapping step records one series per node, workload and dimension.', () => {
    expect(compileFlappingRule(model).record).toBe('plumb:config_flapping:info');
  });

  it('The onset step records one series per drift series.', () => {
    expect(compileOnsetRule(model).record).toBe('plumb:config_drift:onset_timestamp_seconds');
  });

  it.each([
    ['info', 1],
    ['sla-risk', 2],
    ['correctness-risk', 3],
  ] as const)('Severity %s ranks %d.', (s, n) => {
    expect(SEVERITY_RANK[s]).toBe(n);
    expect(compileSeverityMaxRule().record).toBe('plumb:node_drift_severity:max');
  });

  it('The rollup step records counts and ratios by region, workload and severity.', () => {
    expect(records(compileRollupRules())).toEqual([
      'plumb:nodes:count',
      'plumb:drift_nodes:count',
      'plumb:drift_nodes:ratio',
      'plumb:unknown_nodes:count',
      'plumb:compliant_nodes:count',
      'plumb:pool_drift_nodes:count',
      'plumb:pool_nodes:count',
      'plumb:pool_drift:ratio',
    ]);
  });

  it('The symptom step records one series per symptom.', () => {
    const [lag] = compileSymptomRules(model);
    expect(lag?.record).toBe('plumb:symptom:consumer_lag');
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
