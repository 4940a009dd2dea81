/**
 * Real `promtool test rules` runs for the node-state, rollup, symptom and alerting rules:
 * unknown/stale nodes, worst severity, onset, rollups, the widespread circuit-breaker
 * alert, the drift alert with keep_firing_for, and symptom SLOs. Flapping has its own
 * table in flapping.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { withV2NodeStateRules } from './v2-rules';
import {
  compileTestRules,
  driftSeries,
  healthyNode,
  inst,
  JOB,
  labels,
  nodeLabels,
  observed,
  promtoolTest,
  type InputSeries,
  type PromtoolTest,
  type TestNode,
  collectorStatus,
} from './harness';

const n1: TestNode = { name: 'n1', region: 'us-east-1' };
const n2: TestNode = { name: 'n2', region: 'us-east-1' };
const n3: TestNode = { name: 'n3', region: 'us-east-1' };
const n4: TestNode = { name: 'n4', region: 'us-east-1' };
const TZ = 'spark.sql.session.timeZone';
const CORRECTNESS = { severity: 'correctness-risk', playbook: 'quarantine', approval: 'required' };

const tz = (n: TestNode, v: string, values?: string) => observed(n, 'spark-streaming', TZ, v, { expose: true, ...(values ? { values } : {}) });
const unknown = (n: TestNode, reason: string) => labels('plumb:node_unknown:info', { ...nodeLabels(n), reason });
const inPool = (name: string, pool: string): TestNode => ({ name, region: 'us-east-1', pool });

/** A node whose exporter stops answering at minute 10 (its series end, `up` turns 0). */
function nodeGoingDown(n: TestNode): InputSeries[] {
  return [
    { series: labels('plumb_node_info', { ...nodeLabels(n), job: JOB }), values: '1x10 stale' },
    { series: labels('up', { instance: inst(n), job: JOB }), values: '1x10 0x50' },
  ];
}

/** A node whose collector keeps answering but stops succeeding (or stops updating) at minute 10. */
function nodeWithCollector(n: TestNode, success: string, lastSuccess: string): InputSeries[] {
  return [
    { series: labels('plumb_node_info', { ...nodeLabels(n), job: JOB }), values: '1x60' },
    { series: labels('up', { instance: inst(n), job: JOB }), values: '1x60' },
    ...collectorStatus(n, success),
    { series: labels('plumb_collector_last_success_timestamp_seconds', { instance: inst(n), job: JOB, collector: 'env' }), values: lastSuccess },
  ];
}

const INFO = { severity: 'info', playbook: 'none', approval: 'none' };
const onsetOf = (series: string) => series.replace('plumb:config_drift:info', 'plumb:config_drift:onset_timestamp_seconds');

/**
 * n1 changed its time zone at 120 s (contract v3: only a changed dimension has a
 * last-change timestamp) and runs an old Java unchanged since its exporter started at
 * 60 s; n2 runs the same old Java since its exporter started at 30 s.
 */
function onsetTest(): PromtoolTest {
  return {
    input_series: [
      ...healthyNode(n1, 60, '60x60'),
      ...healthyNode(n2, 60, '30x60'),
      ...healthyNode(n3),
      ...tz(n1, 'PST'),
      ...observed(n1, 'kafka-consumer', 'java.version', '11.0.2', { type: 'version', expose: true }),
      ...observed(n2, 'kafka-consumer', 'java.version', '11.0.2', { type: 'version', expose: true }),
      ...tz(n3, 'UTC'),
      {
        series: labels('plumb_config_last_change_timestamp_seconds', { instance: inst(n1), job: JOB, workload: 'spark-streaming', dimension: TZ }),
        values: '120x60',
      },
      { series: labels('plumb_config_changes_total', { instance: inst(n1), job: JOB, workload: 'spark-streaming', dimension: TZ }), values: '1x60' },
    ],
    promql_expr_test: [
      {
        expr: 'plumb:node_drift_severity:max',
        eval_time: '10m',
        exp_samples: [
          { labels: labels('plumb:node_drift_severity:max', nodeLabels(n1)), value: 3 },
          { labels: labels('plumb:node_drift_severity:max', nodeLabels(n2)), value: 1 },
        ],
      },
      {
        expr: 'plumb:config_drift:onset_timestamp_seconds',
        eval_time: '10m',
        exp_samples: [
          { labels: onsetOf(driftSeries(n1, 'spark-streaming', TZ, 'PST', CORRECTNESS, { expose: true })), value: 120 },
          { labels: onsetOf(driftSeries(n1, 'kafka-consumer', 'java.version', '11.0.2', INFO, { type: 'version', expose: true })), value: 60 },
          { labels: onsetOf(driftSeries(n2, 'kafka-consumer', 'java.version', '11.0.2', INFO, { type: 'version', expose: true })), value: 30 },
        ],
      },
    ],
  };
}

interface Case {
  name: string;
  test: PromtoolTest;
}

const cases: Case[] = [
  {
    name: 'A node whose exporter restarted and has not collected yet (it renders only `plumb_report_partial 1`) is unknown while its labels are carried, and judged again once it reports.',
    test: {
      input_series: [
        // Minute 10: the exporter restarts; its first collection lands at minute 12.
        { series: labels('plumb_node_info', { ...nodeLabels(n1), job: JOB }), values: '1x9 stale _ 1x8' },
        { series: labels('up', { instance: inst(n1), job: JOB }), values: '1x20' },
        { series: labels('plumb_collector_success', { instance: inst(n1), job: JOB, collector: 'env' }), values: '1x9 stale _ 1x8' },
        {
          series: labels('plumb_collector_last_success_timestamp_seconds', { instance: inst(n1), job: JOB, collector: 'env' }),
          values: '0+60x9 stale _ 720+60x8',
        },
        { series: labels('plumb_report_partial', { instance: inst(n1), job: JOB }), values: '0x9 1 1 0x8' },
        ...tz(n1, 'UTC', '1x9 stale _ 1x8'),
      ],
      promql_expr_test: [
        { expr: 'plumb:node_unknown:info', eval_time: '5m', exp_samples: [] },
        { expr: 'plumb:node_unknown:info', eval_time: '11m', exp_samples: [{ labels: unknown(n1, 'collector-failed'), value: 1 }] },
        { expr: 'plumb:node_unknown:info', eval_time: '15m', exp_samples: [] },
      ],
    },
  },
  {
    name: 'A node that stops reporting, fails a collector or goes stale is unknown, alerts, and is not counted compliant.',
    test: {
      input_series: [
        ...nodeGoingDown(n1),
        ...nodeWithCollector(n2, '1x10 0x50', '0+60x10 600x50'),
        ...nodeWithCollector(n3, '1x60', '0+60x10 600x50'),
        ...healthyNode(n4),
        ...tz(n1, 'UTC', '1x10 stale'),
        ...tz(n2, 'UTC'),
        ...tz(n3, 'UTC'),
        ...tz(n4, 'UTC'),
      ],
      promql_expr_test: [
        { expr: 'plumb:node_unknown:info', eval_time: '5m', exp_samples: [] },
        {
          expr: 'plumb:node_unknown:info',
          eval_time: '30m',
          exp_samples: [
            { labels: unknown(n1, 'down'), value: 1 },
            { labels: unknown(n2, 'collector-failed'), value: 1 },
            { labels: unknown(n2, 'stale'), value: 1 },
            { labels: unknown(n3, 'stale'), value: 1 },
          ],
        },
        { expr: 'plumb:unknown_nodes:count', eval_time: '30m', exp_samples: [{ labels: 'plumb:unknown_nodes:count{region="us-east-1"}', value: 3 }] },
        {
          expr: 'plumb:nodes:count',
          eval_time: '30m',
          exp_samples: [{ labels: 'plumb:nodes:count{region="us-east-1", workload="spark-streaming"}', value: 3 }],
        },
        {
          expr: 'plumb:compliant_nodes:count',
          eval_time: '30m',
          exp_samples: [{ labels: 'plumb:compliant_nodes:count{region="us-east-1", workload="spark-streaming"}', value: 1 }],
        },
      ],
      alert_rule_test: [
        { eval_time: '12m', alertname: 'PlumbNodeUnknown', exp_alerts: [] },
        {
          eval_time: '30m',
          alertname: 'PlumbNodeUnknown',
          exp_alerts: [
            [n1, 'down'],
            [n2, 'collector-failed'],
            [n2, 'stale'],
            [n3, 'stale'],
          ].map(([n, reason]) => ({
            exp_labels: { ...nodeLabels(n as TestNode), reason: reason as string, plumb_class: 'unknown' },
            exp_annotations: {
              summary: `Config state of ${(n as TestNode).name} is unknown (${reason as string})`,
              description: `Node ${(n as TestNode).name} (us-east-1, pool default) is not reporting its configuration (${reason as string}); it is not counted compliant.`,
              runbook_url: 'https://runbooks.test/plumb/node-unknown',
            },
          })),
        },
      ],
    },
  },
  {
    name: 'The worst severity per node wins; the onset is the last change of a drifted dimension, else the exporter start time, one per drift series.',
    test: onsetTest(),
  },
  {
    name: 'Rollups count drifted and reporting nodes per region, workload and severity.',
    test: {
      input_series: [...[n1, n2, n3, n4].flatMap((n) => healthyNode(n)), ...tz(n1, 'PST'), ...tz(n2, 'UTC'), ...tz(n3, 'UTC'), ...tz(n4, 'UTC')],
      promql_expr_test: [
        {
          expr: 'plumb:drift_nodes:count',
          eval_time: '10m',
          exp_samples: [{ labels: 'plumb:drift_nodes:count{region="us-east-1", workload="spark-streaming", severity="correctness-risk"}', value: 1 }],
        },
        {
          expr: 'plumb:drift_nodes:ratio',
          eval_time: '10m',
          exp_samples: [{ labels: 'plumb:drift_nodes:ratio{region="us-east-1", workload="spark-streaming", severity="correctness-risk"}', value: 0.25 }],
        },
        {
          expr: 'plumb:compliant_nodes:count',
          eval_time: '10m',
          exp_samples: [{ labels: 'plumb:compliant_nodes:count{region="us-east-1", workload="spark-streaming"}', value: 3 }],
        },
      ],
    },
  },
  {
    name: 'The widespread alert fires when more than the share of a pool drifts, and not for a pool below it.',
    test: {
      input_series: [
        ...['p1', 'p2', 'p3', 'q1', 'q2', 'q3'].flatMap((name) => healthyNode(inPool(name, name[0] === 'p' ? 'pool-p' : 'pool-q'))),
        ...tz(inPool('p1', 'pool-p'), 'PST'),
        ...tz(inPool('p2', 'pool-p'), 'PST'),
        ...tz(inPool('p3', 'pool-p'), 'UTC'),
        ...tz(inPool('q1', 'pool-q'), 'PST'),
        ...tz(inPool('q2', 'pool-q'), 'UTC'),
        ...tz(inPool('q3', 'pool-q'), 'UTC'),
      ],
      alert_rule_test: [
        {
          eval_time: '10m',
          alertname: 'PlumbWidespreadDrift',
          exp_alerts: [
            {
              exp_labels: {
                region: 'us-east-1',
                pool: 'pool-p',
                workload: 'spark-streaming',
                dimension: TZ,
                severity: 'correctness-risk',
                plumb_class: 'circuit-breaker',
              },
              exp_annotations: {
                summary: `Widespread drift of spark-streaming/${TZ} in pool pool-p (us-east-1)`,
                description: `66.67% of pool pool-p drifted on ${TZ} (threshold 50%, at least 2 nodes): probably a bad rollout or a wrong spec. Automatic remediation stops until a person looks.`,
                runbook_url: 'https://runbooks.test/plumb/widespread-drift',
              },
            },
          ],
        },
      ],
    },
  },
  {
    name: 'The drift alert fires after its for, carries playbook labels and a runbook, and keeps firing for a while after the drift clears.',
    test: {
      input_series: [...healthyNode(n1), ...tz(n1, 'PST', '1x20 _x40')],
      alert_rule_test: [
        { eval_time: '0m', alertname: 'PlumbConfigDrift', exp_alerts: [] },
        ...['10m', '30m'].map((t) => ({
          eval_time: t,
          alertname: 'PlumbConfigDrift',
          exp_alerts: [
            {
              exp_labels: Object.fromEntries(
                driftSeries(n1, 'spark-streaming', TZ, 'PST', CORRECTNESS, { expose: true })
                  .slice('plumb:config_drift:info{'.length, -1)
                  .split(', ')
                  .map((kv) => [kv.slice(0, kv.indexOf('=')), JSON.parse(kv.slice(kv.indexOf('=') + 1)) as string]),
              ),
              exp_annotations: {
                summary: `correctness-risk drift of spark-streaming/${TZ} on n1`,
                description: `Node n1 (us-east-1, pool default) runs spark-streaming with ${TZ} hash ${driftSeries(n1, 'spark-streaming', TZ, 'PST', CORRECTNESS).match(/hash="([0-9a-f]+)"/)?.[1] ?? ''}, which rule spark-streaming/${TZ} does not accept. Playbook: quarantine (approval required).`,
                runbook_url: `https://runbooks.test/plumb/spark-streaming/${TZ}`,
              },
            },
          ],
        })),
        { eval_time: '40m', alertname: 'PlumbConfigDrift', exp_alerts: [] },
      ],
    },
  },
  {
    name: 'Symptoms are recorded per node with node labels, and the SLO alert fires only in the breaching region.',
    test: {
      input_series: [
        ...[n1, n2, { name: 'e1', region: 'eu-west-1' }].flatMap((n) => healthyNode(n)),
        { series: 'kafka_lag{node="n1"}', values: '600x60' },
        { series: 'kafka_lag{node="n2"}', values: '500x60' },
        { series: 'kafka_lag{node="e1"}', values: '10x60' },
      ],
      promql_expr_test: [
        {
          expr: 'plumb:symptom:consumer_lag{node="n1"}',
          eval_time: '10m',
          exp_samples: [
            {
              labels: labels('plumb:symptom:consumer_lag', { node: 'n1', region: 'us-east-1', instance_type: 'm6i.xlarge', pool: 'default', platform: 'k8s' }),
              value: 600,
            },
          ],
        },
      ],
      alert_rule_test: [
        {
          eval_time: '10m',
          alertname: 'PlumbSymptomSLOBreach',
          exp_alerts: [
            {
              exp_labels: { region: 'us-east-1', symptom: 'consumer_lag', plumb_class: 'symptom-slo' },
              exp_annotations: {
                summary: 'consumer_lag SLO breached in us-east-1',
                description:
                  'sum of consumer_lag in us-east-1 is 1100 messages (SLO: at most 1000). Disruptive remediation is blocked in this region while this fires.',
                runbook_url: 'https://runbooks.test/plumb/symptom/consumer_lag',
              },
            },
          ],
        },
      ],
    },
  },
];

describe('compiled node-state, rollup and alerting rules under promtool test rules', () => {
  let ruleFile = '';
  beforeAll(() => {
    ruleFile = compileTestRules();
  });
  it.each(cases)('$name', async ({ test }) => {
    const result = await promtoolTest(ruleFile, test);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toContain('SUCCESS');
  });

  it('The v2 onset rule, which read only the last-change timestamp, leaves drift unchanged since the exporter started without an onset.', async () => {
    const result = await promtoolTest(withV2NodeStateRules(ruleFile), onsetTest());
    expect(result.ok).toBe(false);
    const got = /got: (.*)/.exec(result.output)?.[1] ?? '';
    expect(got).toContain('dimension="spark.sql.session.timeZone"');
    expect(got).not.toContain('java.version');
  });
});
