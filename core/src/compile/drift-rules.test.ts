import { describe, expect, it } from 'vitest';
import { compileDriftRule, compileDriftRules } from './drift-rules';
import { fakeHash, ruleOf, rulesTestModel } from './testing-model';

const model = rulesTestModel();
const expr = (id: string) => compileDriftRule(ruleOf(model, id), fakeHash, model.settings.scrapeJob)?.expr ?? '';

describe('compileDriftRule', () => {
  it.each([
    { name: 'An equals rule flags hashes other than the expected one.', id: 'spark-streaming/spark.sql.session.timeZone', fragment: 'hash!~"h_UTC"' },
    { name: 'A region allowance accepts its hash only in that region.', id: 'kafka-consumer/SNOWFLAKE_ACCOUNT_URL', fragment: 'region="eu-west-1", hash=~"h_httpseusnowflaketest"' },
    { name: 'A range rule compares plumb_config_value with the bounds.', id: 'kafka-consumer/fetch.min.bytes', fragment: 'dimension="fetch.min.bytes"} < 1048576' },
    { name: 'A range allowance widens the range for its instance type.', id: 'kafka-consumer/fetch.min.bytes', fragment: 'instance_type="m6i.large"} >= 524288' },
    { name: 'A range rule flags values that are not numbers.', id: 'kafka-consumer/fetch.min.bytes', fragment: 'unless on (instance, workload, dimension)\n      plumb_config_value{job="plumb-exporter"' },
    { name: 'A version rule matches the anchored pattern on the value label.', id: 'kafka-consumer/java.version', fragment: 'value!~"17\\\\.0\\\\.\\\\d+"' },
    { name: 'A consistency rule compares each hash with the modal count of its cohort.', id: 'kafka-consumer/KAFKA_SASL_PASSWORD', fragment: '< on (region, workload, dimension) group_left' },
    { name: 'A consistency rule flags nobody when the mode is tied.', id: 'kafka-consumer/KAFKA_SASL_PASSWORD', fragment: ') == 1' },
    { name: 'An exception is guarded by its expiry time.', id: 'kafka-consumer/enable.auto.commit', fragment: 'node="n2"}\n      and on () (vector(time()) < 1800)' },
  ])('$name', ({ id, fragment }) => {
    expect(expr(id)).toContain(fragment);
  });

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
