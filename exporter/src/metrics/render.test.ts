import { describe, expect, it } from 'vitest';
import type { NodeState } from '@plumb/core/state/types';
import { createExporterRegistry } from './registry';
import { createNodeRenderer, renderNodeState } from './render';

const ctx = { version: '1.2.3', spec: 'paywave' };
const state: NodeState = {
  identity: { node: 'n1', region: 'eu-west-1', instanceType: 'r6i.2xlarge', pool: 'spark', platform: 'k8s' },
  observations: [
    { workload: 'spark-batch', dimension: 'spark.sql.shuffle.partitions', hash: '00000000000000aa', value: '400', numeric: 400, source: 'file:/x' },
    { workload: 'spark-batch', dimension: 'spark.sql.shuffle.partitions', hash: '00000000000000bb', value: '800', numeric: 800, source: 'pod:ns/p2' },
    { workload: 'kafka-consumer', dimension: 'KAFKA_SASL_PASSWORD', hash: '00000000000000cc', source: 'env:KAFKA_SASL_PASSWORD' },
  ],
  collectors: [
    { collector: 'files', success: true, durationSeconds: 0.25, lastSuccessSeconds: 1700000000, errorsTotal: 0 },
    { collector: 'kubernetes', success: false, durationSeconds: 1.5, error: 'kubernetes: HTTP 403', errorsTotal: 3 },
  ],
  changes: [
    { workload: 'kafka-consumer', dimension: 'KAFKA_SASL_PASSWORD', lastChangeSeconds: 1700000000, changesTotal: 0 },
    {
      workload: 'spark-batch',
      dimension: 'spark.sql.shuffle.partitions',
      lastChangeSeconds: 1700000100,
      changesTotal: 2,
      lastCause: { kind: 'field-manager', manager: 'jane.doe-hotfix', operation: 'Update', at: '2023-11-14T22:13:00Z' },
    },
  ],
  partial: true,
  collectedAtSeconds: 1700000200,
  startedAtSeconds: 1699990000,
};

/** Sample lines only, sorted, as kube-state-metrics compares expositions. */
const samples = (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .sort();

describe('rendering a NodeState', () => {
  it('A state renders to exactly the series of the metric contract.', async () => {
    expect(samples(await renderNodeState(state, ctx))).toEqual(
      [
        'plumb_node_info{node="n1",region="eu-west-1",instance_type="r6i.2xlarge",pool="spark",platform="k8s"} 1',
        'plumb_config_info{workload="spark-batch",dimension="spark.sql.shuffle.partitions",hash="00000000000000aa",value="400"} 1',
        'plumb_config_info{workload="spark-batch",dimension="spark.sql.shuffle.partitions",hash="00000000000000bb",value="800"} 1',
        'plumb_config_info{workload="kafka-consumer",dimension="KAFKA_SASL_PASSWORD",hash="00000000000000cc"} 1',
        'plumb_config_value{workload="spark-batch",dimension="spark.sql.shuffle.partitions"} 800',
        'plumb_config_last_change_timestamp_seconds{workload="spark-batch",dimension="spark.sql.shuffle.partitions"} 1700000100',
        'plumb_config_changes_total{workload="spark-batch",dimension="spark.sql.shuffle.partitions"} 2',
        'plumb_config_change_cause_info{workload="spark-batch",dimension="spark.sql.shuffle.partitions",cause="field-manager",by="jane.doe-hotfix"} 1699999980',
        'plumb_collector_success{collector="files"} 1',
        'plumb_collector_success{collector="kubernetes"} 0',
        'plumb_collector_last_success_timestamp_seconds{collector="files"} 1700000000',
        'plumb_collector_duration_seconds{collector="files"} 0.25',
        'plumb_collector_duration_seconds{collector="kubernetes"} 1.5',
        'plumb_collector_errors_total{collector="files"} 0',
        'plumb_collector_errors_total{collector="kubernetes"} 3',
        'plumb_report_partial 1',
        'plumb_exporter_build_info{version="1.2.3",spec="paywave"} 1',
        'plumb_exporter_start_time_seconds 1699990000',
      ].sort(),
    );
  });

  it.each([
    ['A dimension seen only once (a first observation is not a change) has no last-change timestamp, changes counter or cause.', 0, []],
    [
      'A dimension that changed once has a last-change timestamp, a changes counter at 1 and a cause, unknown when none was found.',
      1,
      [
        'plumb_config_change_cause_info{workload="kafka-consumer",dimension="KAFKA_SASL_PASSWORD",cause="unknown",by=""} 1700000000',
        'plumb_config_changes_total{workload="kafka-consumer",dimension="KAFKA_SASL_PASSWORD"} 1',
        'plumb_config_last_change_timestamp_seconds{workload="kafka-consumer",dimension="KAFKA_SASL_PASSWORD"} 1700000000',
      ],
    ],
  ] as const)('%s', async (_name, changesTotal, expected) => {
    const one: NodeState = {
      ...state,
      changes: [{ workload: 'kafka-consumer', dimension: 'KAFKA_SASL_PASSWORD', lastChangeSeconds: 1700000000, changesTotal }],
    };
    const text = await renderNodeState(one, ctx);
    expect(samples(text).filter((l) => /^plumb_config_(changes_total|last_change_timestamp_seconds|change_cause_info)\{/.test(l))).toEqual(expected);
    // The start time is what the rules fall back to for such a dimension's drift onset.
    expect(samples(text)).toContain('plumb_exporter_start_time_seconds 1699990000');
  });

  it('A registry with no collection yet exposes only build info and a partial report.', async () => {
    expect(samples(await createExporterRegistry(() => undefined, ctx).metrics())).toEqual([
      'plumb_exporter_build_info{version="1.2.3",spec="paywave"} 1',
      'plumb_report_partial 1',
    ]);
  });

  it('Concurrent renders of different nodes never mix their series.', async () => {
    const renderer = createNodeRenderer(ctx);
    const states = Array.from({ length: 20 }, (_, i) => ({ ...state, identity: { ...state.identity, node: `n${i}` } }));
    const texts = await Promise.all(states.map((s) => renderer.render(s)));
    texts.forEach((t, i) => {
      expect(t).toContain(`node="n${i}"`);
      expect(t.match(/plumb_node_info\{/g)).toHaveLength(1);
    });
  });
});
