/**
 * A node's states through the real `promtool test rules`: missing, partly collected,
 * never answered, gone silent while drifted, excepted. Each case runs beside one
 * compliant node, so the compliance ratio of the region is 0.5 in every case: absence
 * and silence are never compliant.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compileTestRules,
  h,
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
  withCollectorStatus,
} from './harness';

const WORKLOAD = 'spark-batch';
const MEMORY = 'spark.executor.memory';
const EVENT_LOG = 'spark.eventLog.enabled';
const node = (name: string): TestNode => ({ name, region: 'us-east-1' });
const ok = node('b-ok');

const memory = (n: TestNode, v: string, values?: string) => observed(n, WORKLOAD, MEMORY, v, { expose: true, ...(values ? { values } : {}) });
const eventLog = (n: TestNode, v: boolean, values?: string) =>
  observed(n, WORKLOAD, EVENT_LOG, v, { type: 'bool', expose: true, ...(values ? { values } : {}) });
const compliantNode = (n: TestNode) => [...healthyNode(n), ...memory(n, '8g'), ...eventLog(n, true)];
const state = (n: TestNode, s: string) => ({ labels: labels('plumb:node_state:info', { ...nodeLabels(n), state: s }), value: 1 });
const ratio = (eval_time: string, value: number) => ({
  expr: 'plumb:compliance:ratio',
  eval_time,
  exp_samples: [{ labels: labels('plumb:compliance:ratio', { region: 'us-east-1' }), value }],
});
const INFO = { severity: 'info', playbook: 'none', approval: 'none' };
const MEMORY_DRIFT = { severity: 'sla-risk', playbook: 'restart', approval: 'none' };

/**
 * Every series of a node whose exporter answers until minute 10, fails until minute 30
 * and answers again from minute 31: `kept` throughout, `before` until the failure,
 * `after` once it is back.
 */
function silentFor20Minutes(n: TestNode, kept: InputSeries[], before: InputSeries[], after: InputSeries[]): InputSeries[] {
  const gap = (s: InputSeries) => ({ ...s, values: s.values.replace(/^(\S+)x60$/, '$1x10 stale _x19 $1x28') });
  const exporter = healthyNode(n).filter((s) => !s.series.startsWith('up{'));
  return [
    ...exporter.map((s) => (s.series.includes('timestamp') ? { ...s, values: '0+60x10 stale _x19 1860+60x28' } : gap(s))),
    ...kept.map(gap),
    ...before.map((s) => ({ ...s, values: s.values.replace(/x60$/, 'x10 stale') })),
    ...after.map((s) => ({ ...s, values: s.values.replace(/^(\S+)x60$/, '_x31 $1x28') })),
    { series: labels('up', { instance: inst(n), job: JOB }), values: '1x10 0x20 1x29' },
  ];
}

const b = node('b-missing');
const p = node('b-partial');
const d = node('b-silent');
const x = node('b-excepted');
const NEVER = { instance: 'never:9842', node: 'never', region: 'us-east-1', pool: 'spark' };

const CASES: { name: string; test: PromtoolTest }[] = [
  {
    name: 'A node running the workload without a required dimension is drifted with reason "missing", at the severity the spec gives.',
    test: {
      input_series: [...compliantNode(ok), ...healthyNode(b), ...memory(b, '8g')],
      promql_expr_test: [
        {
          expr: 'plumb:config_drift:info',
          eval_time: '10m',
          exp_samples: [
            {
              labels: labels('plumb:config_drift:info', {
                ...nodeLabels(b),
                workload: WORKLOAD,
                dimension: EVENT_LOG,
                ...INFO,
                rule: `${WORKLOAD}/${EVENT_LOG}`,
                reason: 'missing',
              }),
              value: 1,
            },
          ],
        },
        { expr: 'plumb:node_state:info', eval_time: '10m', exp_samples: [state(ok, 'compliant'), state(b, 'missing')] },
        ratio('10m', 0.5),
      ],
    },
  },
  {
    name: 'A node with no collector status at all (no plumb_report_partial or plumb_collector_success, no up) that lacks a required dimension is missing: an unknown status never drops the absence.',
    test: {
      input_series: [...compliantNode(ok), { series: labels('plumb_node_info', { ...nodeLabels(b), job: JOB }), values: '1x60' }, ...memory(b, '8g')],
      promql_expr_test: [
        {
          expr: 'count by (node, dimension, reason) (plumb:config_drift:info)',
          eval_time: '10m',
          exp_samples: [{ labels: labels('', { node: b.name, dimension: EVENT_LOG, reason: 'missing' }), value: 1 }],
        },
      ],
    },
  },
  {
    name: 'A node whose collector failed is unknown for the dimensions it lacks, not missing and not compliant.',
    test: {
      input_series: [...compliantNode(ok), ...withCollectorStatus(healthyNode(p), '0x60'), ...memory(p, '8g')],
      promql_expr_test: [
        { expr: 'plumb:config_drift:info', eval_time: '10m', exp_samples: [] },
        {
          expr: 'plumb:config_unknown:info',
          eval_time: '10m',
          exp_samples: [
            {
              labels: labels('plumb:config_unknown:info', {
                ...nodeLabels(p),
                workload: WORKLOAD,
                dimension: EVENT_LOG,
                rule: `${WORKLOAD}/${EVENT_LOG}`,
                reason: 'collector-failed',
              }),
              value: 1,
            },
          ],
        },
        { expr: 'plumb:node_state:info', eval_time: '10m', exp_samples: [state(ok, 'compliant'), state(p, 'unknown')] },
        ratio('10m', 0.5),
      ],
    },
  },
  {
    name: 'A target that never answered is unknown with the labels service discovery gives it.',
    test: {
      input_series: [...compliantNode(ok), { series: labels('up', { ...NEVER, job: JOB }), values: '0x60' }],
      promql_expr_test: [
        {
          expr: 'plumb:node_unknown:info',
          eval_time: '10m',
          exp_samples: [{ labels: labels('plumb:node_unknown:info', { ...NEVER, reason: 'never-answered' }), value: 1 }],
        },
        {
          expr: 'plumb:node_state:info',
          eval_time: '10m',
          exp_samples: [state(ok, 'compliant'), { labels: labels('plumb:node_state:info', { ...NEVER, state: 'unknown' }), value: 1 }],
        },
        ratio('10m', 0.5),
      ],
    },
  },
  (() => {
    const drift = {
      ...nodeLabels(d),
      workload: WORKLOAD,
      dimension: MEMORY,
      hash: h(MEMORY, '4g'),
      value: '4g',
      ...MEMORY_DRIFT,
      rule: `${WORKLOAD}/${MEMORY}`,
    };
    return {
      name: 'A drifted node that goes silent keeps its last drift, marked unknown, and its alert, until it reports again.',
      test: {
        input_series: [
          ...compliantNode(ok),
          // Back at minute 31, fixed.
          ...silentFor20Minutes(d, eventLog(d, true), memory(d, '4g'), memory(d, '8g')),
        ],
        promql_expr_test: [
          { expr: 'plumb:config_drift:info', eval_time: '5m', exp_samples: [{ labels: labels('plumb:config_drift:info', drift), value: 1 }] },
          { expr: 'plumb:config_drift:info', eval_time: '25m', exp_samples: [] },
          { expr: 'plumb:config_drift_unknown:info', eval_time: '25m', exp_samples: [{ labels: labels('plumb:config_drift_unknown:info', drift), value: 1 }] },
          { expr: 'plumb:node_state:info', eval_time: '25m', exp_samples: [state(ok, 'compliant'), state(d, 'unknown')] },
          ratio('25m', 0.5),
          { expr: 'plumb:config_drift_unknown:info', eval_time: '45m', exp_samples: [] },
          { expr: 'plumb:node_state:info', eval_time: '45m', exp_samples: [state(ok, 'compliant'), state(d, 'compliant')] },
          ratio('45m', 1),
        ],
        // keep_firing_for is 10m: without the carried drift the alert would have ended at minute 20.
        alert_rule_test: [
          {
            eval_time: '25m',
            alertname: 'PlumbConfigDrift',
            exp_alerts: [
              {
                exp_labels: drift,
                exp_annotations: {
                  summary: 'sla-risk drift of spark-batch/spark.executor.memory on b-silent',
                  description: `Node b-silent (us-east-1, pool default) runs spark-batch with spark.executor.memory hash ${drift.hash}, which rule spark-batch/spark.executor.memory does not accept. Playbook: restart (approval none).`,
                  runbook_url: 'https://runbooks.test/plumb/spark-batch/spark.executor.memory',
                },
              },
            ],
          },
          { eval_time: '45m', alertname: 'PlumbConfigDrift', exp_alerts: [] },
        ],
      },
    };
  })(),
  (() => {
    const x2 = node('b-excepted-2');
    const exception = { severity: 'info', rule: `${WORKLOAD}/${EVENT_LOG}`, ticket: 'CHG-3', approver: 'c@test' };
    const excepted = { ...nodeLabels(x), workload: WORKLOAD, dimension: EVENT_LOG, hash: h(EVENT_LOG, false, 'bool'), value: 'false', ...exception };
    const expiry = 7 * 86400 + 20 * 60;
    // The exception names b-excepted only: b-excepted-2's missing dimension stays drift.
    return {
      name: 'Drift an exception covers is recorded as excepted with its expiry, warned about a week before, and not counted compliant.',
      test: {
        input_series: [...compliantNode(ok), ...healthyNode(x), ...memory(x, '8g'), ...eventLog(x, false), ...healthyNode({ ...x2 }), ...memory(x2, '8g')],
        promql_expr_test: [
          {
            expr: 'plumb:config_drift:info',
            eval_time: '10m',
            exp_samples: [
              {
                labels: labels('plumb:config_drift:info', {
                  ...nodeLabels(x2),
                  workload: WORKLOAD,
                  dimension: EVENT_LOG,
                  ...INFO,
                  rule: `${WORKLOAD}/${EVENT_LOG}`,
                  reason: 'missing',
                }),
                value: 1,
              },
            ],
          },
          {
            expr: 'plumb:config_drift_excepted:info',
            eval_time: '10m',
            exp_samples: [{ labels: labels('plumb:config_drift_excepted:info', excepted), value: expiry }],
          },
          { expr: 'plumb:node_state:info', eval_time: '10m', exp_samples: [state(ok, 'compliant'), state(x, 'excepted'), state(x2, 'missing')] },
          {
            expr: 'plumb:compliance:ratio',
            eval_time: '10m',
            exp_samples: [{ labels: labels('plumb:compliance:ratio', { region: 'us-east-1' }), value: 1 / 3 }],
          },
        ],
        alert_rule_test: [
          { eval_time: '10m', alertname: 'PlumbExceptionExpiring', exp_alerts: [] },
          {
            eval_time: '30m',
            alertname: 'PlumbExceptionExpiring',
            exp_alerts: [
              {
                exp_labels: { ...excepted, plumb_class: 'exception-expiring' },
                exp_annotations: {
                  summary: 'Exception CHG-3 for spark-batch/spark.eventLog.enabled on b-excepted expires in 6d 23h 50m 0s',
                  description:
                    'Exception CHG-3 (approved by c@test) suppresses info drift of spark-batch/spark.eventLog.enabled on b-excepted (us-east-1, pool default). When it expires the drift alerts and remediation resume: fix the node or renew the exception.',
                  runbook_url: 'https://runbooks.test/plumb/exception-expiring',
                },
              },
            ],
          },
        ],
      },
    };
  })(),
];

describe('node states', () => {
  let ruleFile = '';
  beforeAll(() => {
    ruleFile = compileTestRules();
  });

  it.each(CASES)('$name', async ({ test }) => {
    const result = await promtoolTest(ruleFile, test);
    expect(result.ok, result.output).toBe(true);
  });
});
