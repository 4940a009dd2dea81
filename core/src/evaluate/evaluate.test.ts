import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '../spec/testing-spec-file';
import type { DimensionRule } from '../spec/model';
import { evaluateRule, type NodeScope, type RuleStatus } from './evaluate';

// The same spec the promtool rule tests use, so both sides are checked on one set of rules.
const loaded = loadSpecFile('core/testdata/rules-tests/spec.yaml');
if (!loaded.ok) throw new Error('rules-test spec must load');
const rule = (id: string): DimensionRule => {
  const found = loaded.model.rules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

const us: NodeScope = { node: 'n1', region: 'us-east-1', instanceType: 'm6i.xlarge', pool: 'default' };
const eu: NodeScope = { ...us, region: 'eu-west-1' };
const small: NodeScope = { ...us, instanceType: 'm6i.large' };
const BEFORE_EXPIRY = 1000;
const AFTER_EXPIRY = 1801;

const cases: { name: string; rule: string; at: NodeScope; value: string | undefined; now?: number; status: RuleStatus }[] = [
  { name: 'The expected value is compliant.', rule: 'spark-streaming/spark.sql.session.timeZone', at: us, value: 'UTC', status: 'compliant' },
  { name: 'Any other value drifts.', rule: 'spark-streaming/spark.sql.session.timeZone', at: us, value: 'PST', status: 'drift' },
  {
    name: 'A value allowed in the node region is allowed.',
    rule: 'kafka-consumer/SNOWFLAKE_ACCOUNT_URL',
    at: eu,
    value: 'https://eu.snowflake.test',
    status: 'allowed',
  },
  {
    name: 'The same value outside that region drifts.',
    rule: 'kafka-consumer/SNOWFLAKE_ACCOUNT_URL',
    at: us,
    value: 'https://eu.snowflake.test',
    status: 'drift',
  },
  { name: 'A number inside the range is compliant.', rule: 'kafka-consumer/fetch.min.bytes', at: us, value: '1048576', status: 'compliant' },
  { name: 'A number below the range drifts.', rule: 'kafka-consumer/fetch.min.bytes', at: us, value: '600000', status: 'drift' },
  {
    name: 'A number inside an instance-type range allowance is allowed.',
    rule: 'kafka-consumer/fetch.min.bytes',
    at: small,
    value: '600000',
    status: 'allowed',
  },
  { name: 'A value that is not a number drifts on a range rule.', rule: 'kafka-consumer/fetch.min.bytes', at: us, value: 'lots', status: 'drift' },
  { name: 'A version matching the pattern is compliant.', rule: 'kafka-consumer/java.version', at: us, value: '17.0.9', status: 'compliant' },
  {
    name: 'A version matching only part of the pattern drifts, since patterns are anchored.',
    rule: 'kafka-consumer/java.version',
    at: us,
    value: '117.0.1',
    status: 'drift',
  },
  { name: 'A consistency rule cannot be decided on one node.', rule: 'kafka-consumer/KAFKA_SASL_PASSWORD', at: us, value: 'x', status: 'cohort' },
  { name: 'A missing value is unknown, never compliant.', rule: 'spark-streaming/spark.sql.session.timeZone', at: us, value: undefined, status: 'unknown' },
  {
    name: 'Drift under an unexpired node exception is excepted.',
    rule: 'kafka-consumer/enable.auto.commit',
    at: { ...us, node: 'n2' },
    value: 'true',
    now: BEFORE_EXPIRY,
    status: 'excepted',
  },
  {
    name: 'Drift under an expired node exception drifts again.',
    rule: 'kafka-consumer/enable.auto.commit',
    at: { ...us, node: 'n2' },
    value: 'true',
    now: AFTER_EXPIRY,
    status: 'drift',
  },
  {
    name: 'Drift in a pool with a long-lived exception stays excepted.',
    rule: 'kafka-consumer/enable.auto.commit',
    at: { ...us, pool: 'backfill' },
    value: 'true',
    now: AFTER_EXPIRY,
    status: 'excepted',
  },
  { name: 'An exception does not cover other nodes.', rule: 'kafka-consumer/enable.auto.commit', at: us, value: 'true', now: BEFORE_EXPIRY, status: 'drift' },
];

describe('evaluateRule', () => {
  it.each(cases)('$name', ({ rule: id, at, value, now, status }) => {
    expect(evaluateRule(rule(id), at, value, { nowSeconds: now ?? BEFORE_EXPIRY }).status).toBe(status);
  });

  it('Names the exception ticket and never echoes the value in its reason.', () => {
    const v = evaluateRule(rule('kafka-consumer/enable.auto.commit'), { ...us, node: 'n2' }, 'true', { nowSeconds: BEFORE_EXPIRY });
    expect(v.ticket).toBe('CHG-1');
    const d = evaluateRule(rule('spark-streaming/spark.sql.session.timeZone'), us, 'Very/Secret', { nowSeconds: 0 });
    expect(d.reason).not.toContain('Very/Secret');
  });
});
