/**
 * Real `promtool test rules` runs for `plumb:config_flapping:info` (window 1h, 2 changes)
 * under metric contract v2, where `plumb_config_changes_total` is absent until the first
 * change and vanishes when the exporter restarts. Every node scrapes once a minute and
 * always exports `plumb_config_last_change_timestamp_seconds`; only the counter differs.
 * Notation is promtool's: `5x10` is eleven samples of 5, `_x9` nine missing samples,
 * `stale` the marker Prometheus writes when a series leaves the scrape.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileTestRules, healthyNode, inst, JOB, labels, nodeLabels, promtoolTest, type InputSeries, type TestNode } from './harness';

const TZ = 'spark.sql.session.timeZone';
const MINUTES = 120;

interface FlapCase {
  name: string;
  /** Samples of `plumb_config_changes_total`, one per minute from 0m. */
  counter: string;
  /** When the rule is evaluated; the window is the hour before. */
  at: string;
  /** Recorded number of changes, or undefined when the dimension must not be flapping. */
  flapping?: number;
}

const cases: FlapCase[] = [
  { name: 'A first change and its revert inside the window are a flap: the counter appears and reaches 2.', counter: '_x20 1x10 2x89', at: '40m', flapping: 2 },
  { name: 'A hotfix reverted between two scrapes is a flap: the counter appears already at 2.', counter: '_x20 2x99', at: '40m', flapping: 2 },
  { name: 'A single change is not a flap: the counter appears at 1.', counter: '_x20 1x99', at: '40m' },
  { name: 'An old counter that grows by 2 inside the window is a flap.', counter: '5x10 6x10 7x99', at: '40m', flapping: 2 },
  { name: 'An old counter that grows by 1 inside the window is not a flap.', counter: '5x20 6x99', at: '40m' },
  { name: 'A steady old counter is not a flap.', counter: '5x119', at: '40m' },
  { name: 'An exporter restart (the counter vanishes and reappears at 1) with one change after it is not a flap.', counter: '5x10 stale _x9 1x98', at: '40m' },
  { name: 'Two changes after an exporter restart are a flap.', counter: '5x10 stale _x9 1x5 2x92', at: '40m', flapping: 2 },
  { name: 'Two changes after a restart are a flap also when the counter comes back at its old value 1.', counter: '1x10 stale _x9 1x5 2x92', at: '40m', flapping: 2 },
  { name: 'One change after a restart is not a flap when the counter comes back at its old value 1.', counter: '1x10 stale _x9 1x98', at: '40m' },
  { name: 'Two changes followed by a restart stay a flap while the counter is absent.', counter: '3x5 4x5 5x5 stale _x102', at: '40m', flapping: 2 },
  { name: 'One change followed by a restart is not a flap.', counter: '4x10 5x5 stale _x103', at: '40m' },
  { name: 'Changes older than the window are forgotten.', counter: '_x20 1x10 2x89', at: '100m' },
  { name: 'A v1 exporter that still exports zeros flaps on two changes.', counter: '0x10 1x10 2x99', at: '40m', flapping: 2 },
  { name: 'A v1 exporter that restarts to an explicit 0 and changes once is not a flap.', counter: '5x10 0x10 1x99', at: '40m' },
  { name: 'A v1 exporter that restarts to an explicit 0 and changes twice is a flap.', counter: '5x10 0x10 1x10 2x89', at: '40m', flapping: 2 },
];

const node: TestNode = { name: 'n1', region: 'us-east-1' };
const dimensionSeries = (metric: string, values: string): InputSeries => ({ series: labels(metric, { instance: inst(node), job: JOB, workload: 'spark-streaming', dimension: TZ }), values });

describe('the compiled flapping rule under promtool test rules', () => {
  let ruleFile = '';
  beforeAll(() => {
    ruleFile = compileTestRules();
  });
  it.each(cases)('$name', async ({ counter, at, flapping }) => {
    const result = await promtoolTest(ruleFile, {
      input_series: [...healthyNode(node, MINUTES), dimensionSeries('plumb_config_last_change_timestamp_seconds', `120x${MINUTES}`), dimensionSeries('plumb_config_changes_total', counter)],
      promql_expr_test: [
        {
          expr: 'plumb:config_flapping:info',
          eval_time: at,
          exp_samples: flapping === undefined ? [] : [{ labels: labels('plumb:config_flapping:info', { ...nodeLabels(node), workload: 'spark-streaming', dimension: TZ }), value: flapping }],
        },
      ],
    });
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toContain('SUCCESS');
  });
});
