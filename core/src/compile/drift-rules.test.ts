import { describe, expect, it } from 'vitest';
import { compileDriftRule, compileDriftRules } from './drift-rules';
import { fakeHash, ruleOf, rulesTestModel } from './testing-model';

const model = rulesTestModel();
const expr = (id: string) => compileDriftRule(ruleOf(model, id), fakeHash)?.expr ?? '';

describe('compileDriftRule', () => {
  it.each([
    { name: 'An equals rule flags hashes other than the expected one.', id: 'spark-streaming/spark.sql.session.timeZone', fragment: 'hash!~"h_UTC"' },
    { name: 'A region allowance accepts its hash only in that region.', id: 'kafka-consumer/SNOWFLAKE_ACCOUNT_URL', fragment: 'region="eu-west-1", hash=~"h_httpseusnowflaketest"' },
    { name: 'A range rule compares plumb_config_value with the bounds.', id: 'kafka-consumer/fetch.min.bytes', fragment: 'dimension="fetch.min.bytes"} < 1048576' },
    { name: 'A range allowance widens the range for its instance type.', id: 'kafka-consumer/fetch.min.bytes', fragment: 'instance_type="m6i.large"} >= 524288' },
    { name: 'A range rule flags values that are not numbers.', id: 'kafka-consumer/fetch.min.bytes', fragment: 'unless on (instance, workload, dimension)\n    plumb:config_value:labeled' },
    { name: 'A version rule matches the anchored pattern on the value label.', id: 'kafka-consumer/java.version', fragment: 'value!~"17\\\\.0\\\\.\\\\d+"' },
    { name: 'A consistency rule compares each hash with the modal count of its cohort.', id: 'kafka-consumer/KAFKA_SASL_PASSWORD', fragment: '< on (region, workload, dimension) group_left' },
    { name: 'A consistency rule flags nobody when the mode is tied.', id: 'kafka-consumer/KAFKA_SASL_PASSWORD', fragment: ') == 1' },
    { name: 'An exception is guarded by its expiry time.', id: 'kafka-consumer/enable.auto.commit', fragment: 'node="n2"}\n      and on () (vector(time()) < 1800)' },
  ])('$name', ({ id, fragment }) => {
    expect(expr(id)).toContain(fragment);
  });

  it('Carries severity, playbook, approval and the rule id as labels.', () => {
    expect(compileDriftRule(ruleOf(model, 'spark-streaming/spark.sql.session.timeZone'), fakeHash)?.labels).toEqual({
      severity: 'correctness-risk',
      playbook: 'quarantine',
      approval: 'required',
      rule: 'spark-streaming/spark.sql.session.timeZone',
    });
  });

  it('Writes no rule for a dimension without an expectation.', () => {
    const rule = { ...ruleOf(model, 'spark-streaming/spark.sql.session.timeZone'), check: { kind: 'none' as const } };
    expect(compileDriftRule(rule, fakeHash)).toBeUndefined();
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
