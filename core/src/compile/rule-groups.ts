/**
 * Step "prometheus rules" + "alerts": the model becomes rule groups, one per concern.
 * Groups are evaluated concurrently by Prometheus, so each stage reads the previous
 * stage's last evaluation; that adds at most one interval per stage to detection.
 */
import type { Model } from '../spec/model';
import { compileAlertRules } from './alert-rules';
import { compileDriftRules } from './drift-rules';
import type { Hasher } from './expected-hashes';
import { compileFlappingRule } from './flapping-rules';
import { compileLabelRules } from './label-rules';
import { compileRollupRules } from './rollup-rules';
import type { RuleGroup } from './rules';
import { compileOnsetRule, compileSeverityMaxRule } from './severity-rules';
import { compileSymptomRules } from './symptom-rules';
import { compileUnknownRules } from './unknown-rules';

/** Every rule group of a model, in a fixed order. */
export function compileRuleGroups(model: Model, hash: Hasher): RuleGroup[] {
  const symptoms = compileSymptomRules(model);
  return [
    compileLabelRules(model),
    ...compileDriftRules(model, hash),
    { name: 'plumb-node-state', rules: [...compileUnknownRules(model), compileFlappingRule(model), compileSeverityMaxRule(), compileOnsetRule(model)] },
    { name: 'plumb-rollups', rules: compileRollupRules() },
    ...(symptoms.length > 0 ? [{ name: 'plumb-symptoms', rules: symptoms }] : []),
    compileAlertRules(model),
  ];
}
