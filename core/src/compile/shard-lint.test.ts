/**
 * The shard-safety lint on level-1 expressions, and that the compiler runs it on every
 * rule it writes.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from './compile';
import { lintExpression, lintLevelOne, ShardLintError } from './shard-lint';
import { rulesTestModel } from './testing-model';

describe('lintExpression', () => {
  it.each([
    ['A count by region and workload combines across shards.', 'count by (region, workload) (plumb:node_workload:info)', 0],
    ['A per-node min combines: a node lives on one shard.', 'min by (instance) (plumb_collector_success) == 0', 0],
    ['A sum by node combines: node names one node.', 'sum by (node) (rate(plumb_dq_test_failures_total[5m]))', 0],
    ['An aggregation without labels keeps the shard apart and passes.', 'sum without (shard) (plumb:nodes:count)', 0],
    ['An average by region is not decomposable.', 'avg by (region) (plumb:symptom:lag)', 1],
    ['A quantile is not decomposable.', 'quantile by (region) (0.9, plumb:symptom:lag)', 1],
    ['topk is not decomposable.', 'topk(5, plumb:symptom:lag)', 1],
    ['count_values is not decomposable.', 'count_values by (region) ("hash", plumb_config_info)', 1],
    ['stddev is not decomposable.', 'stddev by (region) (plumb:symptom:lag)', 1],
    ['A count by workload alone mixes the nodes of several shards.', 'count by (workload) (plumb_config_info)', 1],
    ['A global sum mixes the nodes of several shards.', 'sum(plumb:nodes:count)', 1],
    ['A function ending in avg is not an aggregation.', 'avg_over_time(plumb:symptom:lag[5m])', 0],
    ['Words in a comment are not code.', '# avg by (region) was wrong here\ncount by (region) (x)', 0],
  ])('%s', (_name, expr, problems) => {
    expect(lintExpression(expr)).toHaveLength(problems);
  });
});

describe('lintLevelOne', () => {
  it('Names the group, the record and its position in the group.', () => {
    const problems = lintLevelOne([
      {
        name: 'plumb',
        rules: [
          { record: 'a:b', expr: 'count(x)' },
          { alert: 'X', expr: 'avg by (region) (y) > 1' },
        ],
      },
    ]);
    expect(problems.map((p) => p.rule)).toEqual(['plumb/a:b#0', 'plumb/X#1']);
  });

  it('Every rule the compiler writes is shard-safe.', () => {
    const out = compileModel(rulesTestModel(), Buffer.from('salt'), 'spec.yaml');
    expect(lintLevelOne(out.groups)).toEqual([]);
  });

  it('The error lists every problem with its rule.', () => {
    const e = new ShardLintError([{ rule: 'plumb/a:b#0', message: 'bad' }]);
    expect(e.message).toBe('level-1 rules are not shard-safe:\n  plumb/a:b#0: bad');
  });
});
