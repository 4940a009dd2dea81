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
  it('Makes one group per workload, sorted, with rules sorted by dimension; a consistency rule records its hash counts first.', () => {
    const groups = compileDriftRules(model, fakeHash);
    expect(groups.map((g) => g.name)).toEqual(['plumb-drift-kafka-consumer', 'plumb-drift-spark-batch', 'plumb-drift-spark-streaming']);
    expect(groups[0]?.rules.map((r) => ('record' in r ? `${r.record} ${r.labels?.rule}` : ''))).toEqual([
      'plumb:config_hash_nodes:count kafka-consumer/KAFKA_SASL_PASSWORD',
      'plumb:config_drift:unlabeled kafka-consumer/KAFKA_SASL_PASSWORD',
      'plumb:config_drift:unlabeled kafka-consumer/SNOWFLAKE_ACCOUNT_URL',
      'plumb:config_drift:unlabeled kafka-consumer/enable.auto.commit',
      'plumb:config_drift_excepted:info kafka-consumer/enable.auto.commit',
      'plumb:config_drift_excepted:info kafka-consumer/enable.auto.commit',
      'plumb:config_drift:unlabeled kafka-consumer/fetch.min.bytes',
      'plumb:config_drift:unlabeled kafka-consumer/java.version',
    ]);
  });

  it('Each dimension gets its drift and excepted rules; the workload ends with one missing-drift and one partly-collected rule for all its required dimensions.', () => {
    const groups = compileDriftRules(model, fakeHash);
    const id = (r: { record: string; labels?: Record<string, string> }) =>
      `${r.record} ${r.labels?.rule ?? r.labels?.workload} ${r.labels?.reason ?? ''}`.trim();
    expect(groups[1]?.rules.map((r) => ('record' in r ? id(r) : ''))).toEqual([
      'plumb:config_drift:unlabeled spark-batch/spark.eventLog.enabled',
      'plumb:config_drift_excepted:info spark-batch/spark.eventLog.enabled',
      'plumb:config_drift_excepted:info spark-batch/spark.eventLog.enabled missing',
      'plumb:config_drift:unlabeled spark-batch/spark.executor.memory',
      'plumb:config_drift:unlabeled spark-batch/spark.ui.port',
      'plumb:config_drift:info spark-batch missing',
      'plumb:config_unknown:info spark-batch collector-failed',
    ]);
  });
});
