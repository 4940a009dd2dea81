/**
 * Autoscaling churn must never read as drift. Prometheus evaluates the rules of a group
 * one after another, each reading the TSDB at its own moment, so a target that leaves
 * service discovery between the two label rules leaves a torn pair for one cycle: a
 * labeled hash (recorded before its staleness marker) without a labeled value (recorded
 * after it). These promtool tests feed the drift rules exactly that torn state, which
 * once flagged a scaled-in node as "not a number" on every range dimension.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileTestRules, h, inst, labels, JOB, nodeLabels, onlyRecording, promtoolTest, type InputSeries, type TestNode } from './harness';

const leaving: TestNode = { name: 'n1', region: 'us-east-1' };
const textual: TestNode = { name: 'n2', region: 'us-east-1' };
const W = 'kafka-consumer';
const D = 'fetch.min.bytes';

/** A labeled hash recorded for the whole window (the label rule read it before the target left). */
function labeledHash(n: TestNode, hash: string): InputSeries {
  return { series: labels('plumb:config_info:labeled', { ...nodeLabels(n), job: JOB, workload: W, dimension: D, hash }), values: '1x20' };
}

describe('drift rules on a torn snapshot', () => {
  let rules: string;
  beforeAll(() => {
    rules = onlyRecording(compileTestRules(), 'plumb:config_drift:info');
  });

  it('A node whose target left between the label rules is not flagged as a non-number, while a real non-number still is.', async () => {
    const result = await promtoolTest(rules, {
      input_series: [
        // n1 left discovery: its scraped series are gone and the value rule no longer saw it.
        labeledHash(leaving, h(D, 1048576, 'number')),
        // n2 reports a range dimension whose value is not a number: a hash and no value.
        labeledHash(textual, h(D, 'lots')),
        { series: labels('plumb_config_info', { instance: inst(textual), job: JOB, workload: W, dimension: D, hash: h(D, 'lots') }), values: '1x20' },
      ],
      promql_expr_test: [
        {
          expr: `count by (node) (plumb:config_drift:info{dimension="${D}"})`,
          eval_time: '10m',
          exp_samples: [{ labels: `{node="${textual.name}"}`, value: 1 }],
        },
      ],
    });
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });
  it('A node the workload record still lists after it stopped running the workload, or left, is not flagged missing; a node that runs it without the dimension is.', async () => {
    const batch = 'spark-batch';
    const stopped: TestNode = { name: 'n3', region: 'us-east-1' };
    const gone: TestNode = { name: 'n4', region: 'us-east-1' };
    const lacking: TestNode = { name: 'n5', region: 'us-east-1' };
    // The record was written before the scrape that ended n3's workload and n4's target landed.
    const listed = [stopped, gone, lacking].map((n) => ({ series: labels('plumb:node_workload:info', { ...nodeLabels(n), workload: batch }), values: '1x20' }));
    const healthy = (n: TestNode) => [
      { series: labels('plumb_node_info', { ...nodeLabels(n), job: JOB }), values: '1x20' },
      { series: labels('plumb_collector_success', { instance: inst(n), job: JOB, collector: 'env' }), values: '1x20' },
    ];
    const result = await promtoolTest(onlyRecording(compileTestRules(), 'plumb:config_drift:info'), {
      input_series: [
        ...listed,
        // n3 still reports, but no spark-batch dimension any more.
        ...healthy(stopped),
        // n5 runs spark-batch and reports spark.executor.memory, not spark.eventLog.enabled.
        ...healthy(lacking),
        {
          series: labels('plumb_config_info', {
            instance: inst(lacking),
            job: JOB,
            workload: batch,
            dimension: 'spark.executor.memory',
            hash: h('spark.executor.memory', '8g'),
          }),
          values: '1x20',
        },
      ],
      promql_expr_test: [
        {
          expr: `count by (node, dimension) (plumb:config_drift:info{reason="missing"})`,
          eval_time: '10m',
          exp_samples: [{ labels: `{node="${lacking.name}", dimension="spark.eventLog.enabled"}`, value: 1 }],
        },
      ],
    });
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });
});
