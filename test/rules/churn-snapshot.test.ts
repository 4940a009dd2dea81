/**
 * Autoscaling churn must never read as drift. Prometheus evaluates the rules of a group
 * one after another, each reading the TSDB at its own moment, so a target that leaves
 * service discovery after an earlier rule recorded it leaves a torn view for one cycle:
 * the record still lists the node, its scraped series are gone. These promtool tests feed
 * the later rules exactly that torn state. When the drift rules read two recorded copies
 * (hash and value), such a tear flagged a scaled-in node as "not a number" on every range
 * dimension; now they read hash and value from the scraped series in one query.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RECORD } from '@plumb/core/contract';
import {
  compileTestRules,
  h,
  inst,
  labels,
  JOB,
  nodeLabels,
  observed,
  onlyRecording,
  promtoolTest,
  type InputSeries,
  type TestNode,
  collectorStatus,
} from './harness';

const leaving: TestNode = { name: 'n1', region: 'us-east-1' };
const textual: TestNode = { name: 'n2', region: 'us-east-1' };
const W = 'kafka-consumer';
const D = 'fetch.min.bytes';

/** The node record for the whole window (the first rule of the group read it before the target left). */
function recorded(n: TestNode): InputSeries {
  return { series: labels(RECORD.nodeInfoLast, nodeLabels(n)), values: '1x20' };
}

describe('drift rules on a torn snapshot', () => {
  let rules: string;
  beforeAll(() => {
    rules = onlyRecording(compileTestRules(), RECORD.driftUnlabeled, RECORD.drift);
  });

  it('A node whose target left after its node record was written is not flagged as a non-number, while a real non-number still is.', async () => {
    const result = await promtoolTest(rules, {
      input_series: [
        // n1 left discovery: the record lists it, its scraped hash and value are gone.
        recorded(leaving),
        // n2 reports a range dimension whose value is not a number: a hash and no value.
        recorded(textual),
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
  it('A node the node record still lists after it stopped running the workload, or left, is not flagged missing; a node that runs it without the dimension is.', async () => {
    const batch = 'spark-batch';
    const stopped: TestNode = { name: 'n3', region: 'us-east-1' };
    const gone: TestNode = { name: 'n4', region: 'us-east-1' };
    const lacking: TestNode = { name: 'n5', region: 'us-east-1' };
    const healthy = (n: TestNode) => [{ series: labels('plumb_node_info', { ...nodeLabels(n), job: JOB }), values: '1x20' }, ...collectorStatus(n, '1x20')];
    // "Runs the workload" and "reports the dimension" are one mask, written from one read of the scraped series.
    const rules = onlyRecording(compileTestRules(), RECORD.nodeWorkloadReported, RECORD.nodeWorkloadIncomplete, RECORD.configAbsent, RECORD.drift);
    const result = await promtoolTest(rules, {
      input_series: [
        // The node record was written before n3's workload ended and n4's target left.
        ...[stopped, gone, lacking].map(recorded),
        // n3 still reports, but no spark-batch dimension any more; n4 reports nothing.
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
  it('A node whose collector recovered after the workload record was written is unknown for what it lacked in that record, not missing.', async () => {
    const recovered: TestNode = { name: 'n8', region: 'us-east-1' };
    const rules = onlyRecording(compileTestRules(), RECORD.nodeWorkloadIncomplete, RECORD.configAbsent, RECORD.drift, RECORD.configUnknown);
    const result = await promtoolTest(rules, {
      input_series: [
        recorded(recovered),
        // Written while the env collector failed: spark.executor.memory (bit 1) reported, plus the failed collector's ½.
        { series: labels(RECORD.nodeWorkloadReported, { instance: inst(recovered), workload: 'spark-batch', part: '0' }), values: '2.5x20' },
        // The next scrape, landed before the absence rule: the collector succeeds again.
        ...collectorStatus(recovered, '1x20'),
      ],
      promql_expr_test: [
        { expr: 'plumb:config_drift:info', eval_time: '10m', exp_samples: [] },
        {
          expr: 'count by (node, dimension) (plumb:config_unknown:info)',
          eval_time: '10m',
          exp_samples: [{ labels: `{node="${recovered.name}", dimension="spark.eventLog.enabled"}`, value: 1 }],
        },
      ],
    });
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });
  it('A node that joins after the node record was written is not counted compliant while its drift waits for its labels.', async () => {
    const joining: TestNode = { name: 'n6', region: 'us-east-1' };
    const steady: TestNode = { name: 'n7', region: 'us-east-1' };
    const rules = onlyRecording(
      compileTestRules(),
      RECORD.nodeWorkloadReported,
      RECORD.nodeWorkload,
      RECORD.driftUnlabeled,
      RECORD.drift,
      RECORD.compliantNodesCount,
    );
    const result = await promtoolTest(rules, {
      input_series: [
        // The node record was written before n6's first scrape landed; the scrape brought its node info and a non-number.
        recorded(steady),
        ...[joining, steady].map((n) => ({ series: labels('plumb_node_info', { ...nodeLabels(n), job: JOB }), values: '1x20' })),
        { series: labels('plumb_config_info', { instance: inst(joining), job: JOB, workload: W, dimension: D, hash: h(D, 'lots') }), values: '1x20' },
        ...observed(steady, W, D, 2097152, { type: 'number', expose: true, values: '1x20' }),
      ],
      promql_expr_test: [
        {
          expr: `${RECORD.compliantNodesCount}{workload="${W}"}`,
          eval_time: '10m',
          exp_samples: [{ labels: labels(RECORD.compliantNodesCount, { region: 'us-east-1', workload: W }), value: 1 }],
        },
      ],
    });
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });
});
