/**
 * Shard safety, checked on every compile: a level-1 rule may aggregate across nodes only
 * with `sum`, `count`, `min`, `max` or `group` (their values over shards combine exactly:
 * sum the sums and counts, take the min of mins), and only grouped by `instance` (one
 * node, which lives on one shard; `node` too) or by labels that include `region` (so the tier above
 * combines like with like). avg, quantile, topk, count_values, stddev… over a shard are
 * not parts of the region's value; averages are written as a sum over a count.
 */
import type { Rule, RuleGroup } from './rules';

const NON_DECOMPOSABLE = ['avg', 'quantile', 'topk', 'bottomk', 'count_values', 'stddev', 'stdvar'] as const;
/** Labels that name one node: a group by them never spans shards. */
const PER_NODE = ['instance', 'node'];
const AGGREGATION = /\b(sum|count|min|max|group|avg|quantile|topk|bottomk|count_values|stddev|stdvar)\s*(?:(by|without)\s*\(([^)]*)\)\s*)?\(/g;

export interface ShardLintProblem {
  /** `<group>/<record or alert>#<index in group>`. */
  rule: string;
  message: string;
}

const nameOf = (r: Rule) => ('record' in r ? r.record : r.alert);

/** Problems of one expression (comments removed). */
export function lintExpression(expr: string): string[] {
  const code = expr
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('\n');
  const problems: string[] = [];
  for (const m of code.matchAll(AGGREGATION)) {
    const [, op = '', mode, labels = ''] = m;
    if ((NON_DECOMPOSABLE as readonly string[]).includes(op)) {
      problems.push(`\`${op}\` is not decomposable across shards; use sum, count, min or max (an average as sum / count)`);
      continue;
    }
    if (mode === 'without') continue;
    const by = labels
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
    if (!by.some((l) => PER_NODE.includes(l)) && !by.includes('region'))
      problems.push(`\`${op}${mode ? ` by (${labels.trim()})` : ''}\` mixes nodes of several shards; group by labels that include region (or instance)`);
  }
  return problems;
}

/** Every shard-safety problem of level-1 groups, naming the rule. */
export function lintLevelOne(groups: readonly RuleGroup[]): ShardLintProblem[] {
  return groups.flatMap((g) => g.rules.flatMap((r, i) => lintExpression(r.expr).map((message) => ({ rule: `${g.name}/${nameOf(r)}#${i}`, message }))));
}

/** Thrown by the compiler when a level-1 rule is not shard-safe: a compiler fault, never a spec error. */
export class ShardLintError extends Error {
  constructor(readonly problems: readonly ShardLintProblem[]) {
    super(`level-1 rules are not shard-safe:\n${problems.map((p) => `  ${p.rule}: ${p.message}`).join('\n')}`);
    this.name = 'ShardLintError';
  }
}
