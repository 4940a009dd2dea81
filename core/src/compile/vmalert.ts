/**
 * The same rules for VictoriaMetrics' vmalert (Debian's 1.79.5), which evaluates groups
 * concurrently and the rules of one group one after another: every chained record is
 * already in the one `plumb` group, after the rules it reads (and the level-2 rules in
 * their own group, read only by other tiers). vmalert 1.79 rejects `keep_firing_for`, so
 * it is left out: an alert resolves as soon as its drift clears, and a revert inside the
 * hold-down window shows as a resolved and re-fired alert instead of one firing alert.
 */
import type { Rule, RuleGroup } from './rules';
import { GLOBAL_RULE_FILE, RULE_FILE, type CompileOutput } from './compile';
import { renderRuleFile } from './render';

function withoutKeepFiring(rule: Rule): Rule {
  if (!('alert' in rule) || rule.keep_firing_for === undefined) return rule;
  const { keep_firing_for: _dropped, ...rest } = rule;
  return rest;
}

/** Groups as vmalert 1.79 accepts them. */
export function toVmalertGroups(groups: readonly RuleGroup[]): RuleGroup[] {
  return groups.map((g) => ({ ...g, rules: g.rules.map(withoutKeepFiring) }));
}

/** The vmalert rule files (same names as the Prometheus ones) of a compile. */
export function vmalertFiles(out: CompileOutput, source: string): Record<string, string> {
  return {
    [RULE_FILE]: renderRuleFile(toVmalertGroups(out.groups), source),
    [GLOBAL_RULE_FILE]: renderRuleFile(toVmalertGroups(out.globalGroups), source),
  };
}
