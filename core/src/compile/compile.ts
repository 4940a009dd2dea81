/**
 * The compiler chain after loading (parse → validate → model happen in `spec/load`):
 * model → prometheus rules → alerts → rendered files. Pure: the caller supplies the
 * salt bytes and writes the files.
 */
import { sharedSecretHasher } from '../hash/secret-hash';
import { looksSecret } from '../spec/secret-names';
import type { Model } from '../spec/model';
import type { Hasher } from './expected-hashes';
import { toPrometheusRule } from './prometheus-rule';
import { renderRuleFile, renderYaml } from './render';
import { compileGlobalRules } from './global-rules';
import { compileRuleGroups } from './rule-groups';
import { lintLevelOne, ShardLintError } from './shard-lint';
import type { RuleGroup } from './rules';

export const RULE_FILE = 'plumb-rules.yaml';
/** Level 2: the rules of the tier that federates a region's shards (global-rules.ts). */
export const GLOBAL_RULE_FILE = 'plumb-rules-global.yaml';
export const PROMETHEUS_RULE_FILE = 'plumb-prometheusrule.yaml';

export interface CompileOutput {
  /** Level 1: the rules every Prometheus that scrapes exporters evaluates (one per region, or each shard). */
  groups: RuleGroup[];
  /** Level 2: the rules of the tier above the shards. */
  globalGroups: RuleGroup[];
  /** File name → contents. */
  files: Record<string, string>;
  /** Recording + alerting rules in the plain rule file. */
  ruleCount: number;
}

/**
 * A hasher for the model's hash length keyed by `salt`. Secret rules never reach it
 * (validation allows them only `expect.consistency`); a key named like a credential under
 * `secret: false` is still hashed with the secret scheme, as the exporter does.
 */
export function saltedHasher(salt: Uint8Array, length: number): Hasher {
  const hash = sharedSecretHasher(salt, length);
  return (dimension, canonical) => hash(dimension, canonical, looksSecret(dimension));
}

/** Compiles a model; `source` (the spec path as given) is named in the file header. */
export function compileModel(model: Model, salt: Uint8Array, source: string): CompileOutput {
  const groups = compileRuleGroups(model, saltedHasher(salt, model.settings.hashLength));
  const problems = lintLevelOne(groups);
  if (problems.length > 0) throw new ShardLintError(problems);
  const globalGroups = [compileGlobalRules(model)];
  return {
    groups,
    globalGroups,
    files: {
      [RULE_FILE]: renderRuleFile(groups, source),
      [GLOBAL_RULE_FILE]: renderRuleFile(globalGroups, source),
      [PROMETHEUS_RULE_FILE]: renderYaml(toPrometheusRule(model.name, groups), source),
    },
    ruleCount: groups.reduce((n, g) => n + g.rules.length, 0),
  };
}
