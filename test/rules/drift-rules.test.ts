/**
 * Real `promtool test rules` runs over rules compiled from core/testdata/rules-tests/spec.yaml:
 * one positive and one negative case per drift rule kind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileTestRules, driftSeries, healthyNode, observed, promtoolTest, type PromtoolTest, type RuleSeverity, type TestNode } from './harness';

const CORRECTNESS: RuleSeverity = { severity: 'correctness-risk', playbook: 'quarantine', approval: 'required' };
const SLA: RuleSeverity = { severity: 'sla-risk', playbook: 'restart', approval: 'none' };
const INFO: RuleSeverity = { severity: 'info', playbook: 'none', approval: 'none' };

const us1: TestNode = { name: 'n1', region: 'us-east-1' };
const us2: TestNode = { name: 'n2', region: 'us-east-1' };
const us3: TestNode = { name: 'n3', region: 'us-east-1' };
const us4: TestNode = { name: 'n4', region: 'us-east-1', pool: 'backfill' };
const eu1: TestNode = { name: 'e1', region: 'eu-west-1' };
const eu2: TestNode = { name: 'e2', region: 'eu-west-1' };
const small: TestNode = { name: 's1', region: 'us-east-1', instanceType: 'm6i.large' };

const drift = (dimension: string) => `plumb:config_drift:info{dimension="${dimension}"}`;

interface Case {
  name: string;
  test: PromtoolTest;
}

const cases: Case[] = [
  {
    name: 'A value other than the expected one is flagged and the expected one is not.',
    test: {
      input_series: [
        ...healthyNode(us1),
        ...healthyNode(us2),
        ...observed(us1, 'spark-streaming', 'spark.sql.session.timeZone', 'UTC', { expose: true }),
        ...observed(us2, 'spark-streaming', 'spark.sql.session.timeZone', 'America/New_York', { expose: true }),
      ],
      promql_expr_test: [
        {
          expr: drift('spark.sql.session.timeZone'),
          eval_time: '10m',
          exp_samples: [
            { labels: driftSeries(us2, 'spark-streaming', 'spark.sql.session.timeZone', 'America/New_York', CORRECTNESS, { expose: true }), value: 1 },
          ],
        },
      ],
    },
  },
  {
    name: 'Divergence allowed in its region is not flagged, but the same value elsewhere is.',
    test: {
      input_series: [
        ...healthyNode(eu1),
        ...healthyNode(us1),
        ...healthyNode(us2),
        ...observed(eu1, 'kafka-consumer', 'SNOWFLAKE_ACCOUNT_URL', 'https://eu.snowflake.test', { expose: true }),
        ...observed(us1, 'kafka-consumer', 'SNOWFLAKE_ACCOUNT_URL', 'https://eu.snowflake.test', { expose: true }),
        ...observed(us2, 'kafka-consumer', 'SNOWFLAKE_ACCOUNT_URL', 'https://us.snowflake.test', { expose: true }),
      ],
      promql_expr_test: [
        {
          expr: drift('SNOWFLAKE_ACCOUNT_URL'),
          eval_time: '10m',
          exp_samples: [{ labels: driftSeries(us1, 'kafka-consumer', 'SNOWFLAKE_ACCOUNT_URL', 'https://eu.snowflake.test', SLA, { expose: true }), value: 1 }],
        },
      ],
    },
  },
  {
    name: 'A numeric value below the range is flagged unless an instance-type allowance widens the range, and a non-number is flagged.',
    test: {
      input_series: [
        ...healthyNode(us1),
        ...healthyNode(us2),
        ...healthyNode(us3),
        ...healthyNode(small),
        ...observed(us1, 'kafka-consumer', 'fetch.min.bytes', 1048576, { type: 'number', expose: true }),
        ...observed(us2, 'kafka-consumer', 'fetch.min.bytes', 65536, { type: 'number', expose: true }),
        ...observed(us3, 'kafka-consumer', 'fetch.min.bytes', 600000, { type: 'number', expose: true }),
        ...observed(small, 'kafka-consumer', 'fetch.min.bytes', 600000, { type: 'number', expose: true }),
        ...healthyNode(us4),
        // Not a number: the exporter publishes its hash but no plumb_config_value.
        ...observed(us4, 'kafka-consumer', 'fetch.min.bytes', 'lots', { expose: true }),
      ],
      promql_expr_test: [
        {
          expr: drift('fetch.min.bytes'),
          eval_time: '10m',
          exp_samples: [
            { labels: driftSeries(us2, 'kafka-consumer', 'fetch.min.bytes', 65536, SLA, { type: 'number', expose: true }), value: 1 },
            { labels: driftSeries(us3, 'kafka-consumer', 'fetch.min.bytes', 600000, SLA, { type: 'number', expose: true }), value: 1 },
            { labels: driftSeries(us4, 'kafka-consumer', 'fetch.min.bytes', 'lots', SLA, { expose: true }), value: 1 },
          ],
        },
      ],
    },
  },
  {
    name: 'A version outside the anchored pattern is flagged and a matching one is not.',
    test: {
      input_series: [
        ...healthyNode(us1),
        ...healthyNode(us2),
        ...healthyNode(us3),
        ...observed(us1, 'kafka-consumer', 'java.version', '17.0.9', { type: 'version', expose: true }),
        ...observed(us2, 'kafka-consumer', 'java.version', '11.0.21', { type: 'version', expose: true }),
        // Anchoring: "117.0.1" contains the pattern but does not match it whole.
        ...observed(us3, 'kafka-consumer', 'java.version', '117.0.1', { type: 'version', expose: true }),
      ],
      promql_expr_test: [
        {
          expr: drift('java.version'),
          eval_time: '10m',
          exp_samples: [
            { labels: driftSeries(us2, 'kafka-consumer', 'java.version', '11.0.21', INFO, { type: 'version', expose: true }), value: 1 },
            { labels: driftSeries(us3, 'kafka-consumer', 'java.version', '117.0.1', INFO, { type: 'version', expose: true }), value: 1 },
          ],
        },
      ],
    },
  },
  {
    name: 'The minority hash of a cohort is flagged, while a tie in another cohort flags nobody.',
    test: {
      input_series: [
        ...[us1, us2, us3, eu1, eu2].flatMap((n) => healthyNode(n)),
        ...observed(us1, 'kafka-consumer', 'KAFKA_SASL_PASSWORD', 'secret-a'),
        ...observed(us2, 'kafka-consumer', 'KAFKA_SASL_PASSWORD', 'secret-a'),
        ...observed(us3, 'kafka-consumer', 'KAFKA_SASL_PASSWORD', 'secret-b'),
        ...observed(eu1, 'kafka-consumer', 'KAFKA_SASL_PASSWORD', 'secret-c'),
        ...observed(eu2, 'kafka-consumer', 'KAFKA_SASL_PASSWORD', 'secret-d'),
      ],
      promql_expr_test: [
        {
          expr: drift('KAFKA_SASL_PASSWORD'),
          eval_time: '10m',
          exp_samples: [{ labels: driftSeries(us3, 'kafka-consumer', 'KAFKA_SASL_PASSWORD', 'secret-b', SLA), value: 1 }],
        },
      ],
    },
  },
  {
    name: 'An exception suppresses drift until it expires, without a recompile, while an unexpired one keeps suppressing.',
    test: {
      input_series: [
        ...[us1, us2, us4].flatMap((n) => healthyNode(n)),
        ...observed(us1, 'kafka-consumer', 'enable.auto.commit', true, { type: 'bool', expose: true }),
        ...observed(us2, 'kafka-consumer', 'enable.auto.commit', true, { type: 'bool', expose: true }),
        ...observed(us4, 'kafka-consumer', 'enable.auto.commit', true, { type: 'bool', expose: true }),
      ],
      promql_expr_test: [
        {
          expr: drift('enable.auto.commit'),
          eval_time: '20m',
          exp_samples: [{ labels: driftSeries(us1, 'kafka-consumer', 'enable.auto.commit', true, CORRECTNESS, { type: 'bool', expose: true }), value: 1 }],
        },
        {
          expr: drift('enable.auto.commit'),
          eval_time: '40m',
          exp_samples: [
            { labels: driftSeries(us1, 'kafka-consumer', 'enable.auto.commit', true, CORRECTNESS, { type: 'bool', expose: true }), value: 1 },
            { labels: driftSeries(us2, 'kafka-consumer', 'enable.auto.commit', true, CORRECTNESS, { type: 'bool', expose: true }), value: 1 },
          ],
        },
      ],
    },
  },
];

describe('compiled drift rules under promtool test rules', () => {
  let ruleFile = '';
  beforeAll(() => {
    ruleFile = compileTestRules();
  });
  it.each(cases)('$name', async ({ test }) => {
    const result = await promtoolTest(ruleFile, test);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toContain('SUCCESS');
  });
});
