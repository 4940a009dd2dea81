/**
 * Step "prometheus rules" + "alerts": the model becomes one rule group, its rules in
 * dependency order (labels → sticky unknown → absence → drift → drift labels → node state → rollups → symptoms → alerts).
 *
 * Prometheus evaluates a group's rules one after the other at one timestamp, and each
 * rule sees the results of those before it. Separate groups evaluate concurrently, at
 * their own offsets, so each stage would read the previous stage's *last* evaluation:
 * with 30 s intervals that added up to an interval per stage, about 45 s at the median
 * from scrape to alert (bench/detection-latency). The builders still produce one group
 * per concern, which keeps them small and testable; only their order is kept here.
 */
import type { Model } from '../spec/model';
import { compileAlertRules } from './alert-rules';
import { compileDriftLabelRule, compileDriftRules } from './drift-rules';
import type { Hasher } from './expected-hashes';
import { compileFlappingRule } from './flapping-rules';
import { compileLabelRules } from './label-rules';
import { compileAbsentRule, compileIncompleteRule } from './missing-rules';
import { compileComplianceRules, compileNodeStateRule } from './node-state-rules';
import { compileStickyDriftRule } from './sticky-rules';
import { compileRollupRules } from './rollup-rules';
import type { RuleGroup } from './rules';
import { compileOnsetRule, compileSeverityMaxRule } from './severity-rules';
import { compileSymptomRules } from './symptom-rules';
import { compileUnknownRules } from './unknown-rules';

/** The name of the single compiled group. */
export const RULE_GROUP_NAME = 'plumb';

/** The rule group of a model, in dependency order. */
export function compileRuleGroups(model: Model, hash: Hasher): RuleGroup[] {
  const stages: RuleGroup[] = [
    compileLabelRules(model),
    // Before the drift rules: it reads the previous evaluation's drift (see sticky-rules.ts).
    { name: 'plumb-sticky', rules: [compileStickyDriftRule(model)] },
    // Before the drift rules: the missing, unknown and excepted-missing rules read it.
    { name: 'plumb-absent', rules: [compileIncompleteRule(model), compileAbsentRule(model)].filter((r) => r !== undefined) },
    ...compileDriftRules(model, hash),
    // After the drift rules, before everything that reads plumb:config_drift:info.
    { name: 'plumb-drift-labels', rules: [compileDriftLabelRule()] },
    {
      name: 'plumb-node-state',
      rules: [...compileUnknownRules(model), compileFlappingRule(model), compileSeverityMaxRule(), compileOnsetRule(model), compileNodeStateRule()],
    },
    { name: 'plumb-rollups', rules: [...compileRollupRules(), ...compileComplianceRules()] },
    { name: 'plumb-symptoms', rules: compileSymptomRules(model) },
    compileAlertRules(model),
  ];
  return [{ name: RULE_GROUP_NAME, rules: stages.flatMap((g) => g.rules) }];
}
