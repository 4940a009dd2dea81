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
    expect(groups.map((g) => g.name)).toEqual(['plumb-drift-kafka-consumer', 'plumb-drift-spark-batch', 'plumb-drift-spark-streaming']);
    expect(groups[0]?.rules.map((r) => ('record' in r ? `${r.record} ${r.labels?.rule}` : ''))).toEqual([
      'plumb:config_drift:info kafka-consumer/KAFKA_SASL_PASSWORD',
      'plumb:config_drift:info kafka-consumer/SNOWFLAKE_ACCOUNT_URL',
      'plumb:config_drift:info kafka-consumer/enable.auto.commit',
      'plumb:config_drift_excepted:info kafka-consumer/enable.auto.commit',
      'plumb:config_drift_excepted:info kafka-consumer/enable.auto.commit',
      'plumb:config_drift:info kafka-consumer/fetch.min.bytes',
      'plumb:config_drift:info kafka-consumer/java.version',
    ]);
  });

  it('A required dimension gets a missing rule, its exception an excepted rule for each, and a partly-collected rule; an optional one none of them.', () => {
    const groups = compileDriftRules(model, fakeHash);
    expect(groups[1]?.rules.map((r) => ('record' in r ? `${r.record} ${r.labels?.rule} ${r.labels?.reason ?? ''}`.trim() : ''))).toEqual([
      'plumb:config_drift:info spark-batch/spark.eventLog.enabled',
      'plumb:config_drift:info spark-batch/spark.eventLog.enabled missing',
      'plumb:config_drift_excepted:info spark-batch/spark.eventLog.enabled',
      'plumb:config_drift_excepted:info spark-batch/spark.eventLog.enabled missing',
      'plumb:config_unknown:info spark-batch/spark.eventLog.enabled collector-failed',
      'plumb:config_drift:info spark-batch/spark.executor.memory',
      'plumb:config_drift:info spark-batch/spark.executor.memory missing',
      'plumb:config_unknown:info spark-batch/spark.executor.memory collector-failed',
      'plumb:config_drift:info spark-batch/spark.ui.port',
    ]);
  });
});
