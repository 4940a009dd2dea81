/**
 * The structure of drift rules: labels and grouping. Which series each kind of rule flags is
 * asserted by evaluating the compiled rules with promtool in test/rules/drift-rules.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { compileDriftRule, compileDriftRules } from './drift-rules';
import { fakeHash, ruleOf, rulesTestModel } from './testing-model';

const model = rulesTestModel();

describe('compileDriftRule', () => {
  it('Carries severity, playbook, approval and the rule id as labels.', () => {
    expect(compileDriftRule(ruleOf(model, 'spark-streaming/spark.sql.session.timeZone'), fakeHash, model.settings.scrapeJob)?.labels).toEqual({
      severity: 'correctness-risk',
      playbook: 'quarantine',
      approval: 'required',
      rule: 'spark-streaming/spark.sql.session.timeZone',
    });
  });

  it('Writes no rule for a dimension without an expectation.', () => {
    const rule = { ...ruleOf(model, 'spark-streaming/spark.sql.session.timeZone'), check: { kind: 'none' as const } };
    expect(compileDriftRule(rule, fakeHash, model.settings.scrapeJob)).toBeUndefined();
  });
});

describe('compileDriftRules', () => {
  it('Makes one group per workload, sorted, with rules sorted by dimension.', () => {
    const groups = compileDriftRules(model, fakeHash);
    expect(groups.map((g) => g.name)).toEqual(['plumb-drift-kafka-consumer', 'plumb-drift-spark-streaming']);
    expect(groups[0]?.rules.map((r) => ('labels' in r ? r.labels?.rule : ''))).toEqual([
      'kafka-consumer/KAFKA_SASL_PASSWORD',
      'kafka-consumer/SNOWFLAKE_ACCOUNT_URL',
      'kafka-consumer/enable.auto.commit',
      'kafka-consumer/fetch.min.bytes',
      'kafka-consumer/java.version',
    ]);
  });
});
