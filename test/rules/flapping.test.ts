/**
 * Real `promtool test rules` runs for `plumb:config_flapping:info` (window 1h, 2 changes).
 * Under metric contract v3 `plumb_config_changes_total` and
 * `plumb_config_last_change_timestamp_seconds` are both absent until the first change and
 * vanish when the exporter restarts, and `plumb_exporter_start_time_seconds` takes a new
 * value at every restart. Every node scrapes once a minute. Cases marked v2 or v1 feed the
 * series older exporters render (the timestamp at every scrape, no start time; v1 also
 * renders the counter at 0), which the rules must keep handling while exporters roll out.
 * Notation is promtool's: `5x10` is eleven samples of 5, `_x9` nine missing samples,
 * `stale` the marker Prometheus writes when a series leaves the scrape.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileTestRules, healthyNode, inst, JOB, labels, nodeLabels, promtoolTest, type InputSeries, type TestNode } from './harness';
import { withV2NodeStateRules } from './v2-rules';

const TZ = 'spark.sql.session.timeZone';
const MINUTES = 120;

interface FlapCase {
  name: string;
  /** Which exporter renders the series; default v3. */
  exporter?: 'v3' | 'v2' | 'v1';
  /** Samples of `plumb_config_changes_total`, one per minute from 0m. */
  counter: string;
  /** v3 only: samples of `plumb_exporter_start_time_seconds`; default a start long before (0). */
  start?: string;
  /** When the rule is evaluated; the window is the hour before. */
  at: string;
  /** Recorded number of changes, or undefined when the dimension must not be flapping. */
  flapping?: number;
}

/** Restarted at 11m (the counter's `stale`): the start time takes a new value. */
const RESTART_AT_11M = '0x10 660x109';
const RESTART_AT_16M = '0x15 960x104';

const cases: FlapCase[] = [
  { name: 'A first change and its revert inside the window are a flap: the counter appears and reaches 2.', counter: '_x20 1x10 2x89', at: '40m', flapping: 2 },
  { name: 'A hotfix reverted between two scrapes is a flap: the counter appears already at 2.', counter: '_x20 2x99', at: '40m', flapping: 2 },
  { name: 'A single change is not a flap: the counter appears at 1.', counter: '_x20 1x99', at: '40m' },
  { name: 'An old counter that grows by 2 inside the window is a flap.', counter: '5x10 6x10 7x99', at: '40m', flapping: 2 },
  { name: 'An old counter that grows by 1 inside the window is not a flap.', counter: '5x20 6x99', at: '40m' },
  { name: 'A steady old counter is not a flap.', counter: '5x119', at: '40m' },
  {
    name: 'An exporter restart (the counter vanishes and reappears at 1) with one change after it is not a flap.',
    counter: '5x10 stale _x9 1x98',
    start: RESTART_AT_11M,
    at: '40m',
  },
  { name: 'Two changes after an exporter restart are a flap.', counter: '5x10 stale _x9 1x5 2x92', start: RESTART_AT_11M, at: '40m', flapping: 2 },
  {
    name: 'Two changes after a restart are a flap also when the counter comes back at its old value 1.',
    counter: '1x10 stale _x9 1x5 2x92',
    start: RESTART_AT_11M,
    at: '40m',
    flapping: 2,
  },
  {
    name: 'One change after a restart is not a flap when the counter comes back at its old value 1.',
    counter: '1x10 stale _x9 1x98',
    start: RESTART_AT_11M,
    at: '40m',
  },
  {
    name: 'Two changes followed by a restart stay a flap while the counter is absent.',
    counter: '3x5 4x5 5x5 stale _x102',
    start: RESTART_AT_16M,
    at: '40m',
    flapping: 2,
  },
  { name: 'One change followed by a restart is not a flap.', counter: '4x10 5x5 stale _x103', start: RESTART_AT_16M, at: '40m' },
  { name: 'Changes older than the window are forgotten.', counter: '_x20 1x10 2x89', at: '100m' },
  { name: 'A v1 exporter that still exports zeros flaps on two changes.', exporter: 'v1', counter: '0x10 1x10 2x99', at: '40m', flapping: 2 },
  { name: 'A v1 exporter that restarts to an explicit 0 and changes once is not a flap.', exporter: 'v1', counter: '5x10 0x10 1x99', at: '40m' },
  { name: 'A v1 exporter that restarts to an explicit 0 and changes twice is a flap.', exporter: 'v1', counter: '5x10 0x10 1x10 2x89', at: '40m', flapping: 2 },
  // Contract v3 additions.
  {
    name: 'Two changes between two scrapes after a restart are a flap: the counter comes back above its old value.',
    counter: '1x10 stale _x9 2x98',
    start: RESTART_AT_11M,
    at: '40m',
    flapping: 2,
  },
  { name: 'A restart with no change after it is not a flap, however old the counter was.', counter: '5x10 stale _x108', start: RESTART_AT_11M, at: '40m' },
  {
    name: 'A node whose exporter first starts inside the window flaps when its counter appears at 2.',
    counter: '_x20 2x99',
    start: '_x10 600x109',
    at: '40m',
    flapping: 2,
  },
  { name: 'A node whose exporter first starts inside the window does not flap on one change.', counter: '_x20 1x99', start: '_x10 600x109', at: '40m' },
  {
    name: 'A v2 exporter (timestamp at every scrape, no start time) flaps when its counter appears and reaches 2.',
    exporter: 'v2',
    counter: '_x20 1x10 2x89',
    at: '40m',
    flapping: 2,
  },
  { name: 'A v2 exporter restart with one change after it is not a flap.', exporter: 'v2', counter: '5x10 stale _x9 1x98', at: '40m' },
  {
    name: 'A v2 exporter restart with two changes after it is a flap when the counter comes back at its old value 1.',
    exporter: 'v2',
    counter: '1x10 stale _x9 1x5 2x92',
    at: '40m',
    flapping: 2,
  },
];

/** The v3 cases the frozen v2 rule gets wrong: v3 exporters need v3 rules first. */
const V2_RULE_GETS_WRONG = [
  'A first change and its revert inside the window are a flap: the counter appears and reaches 2.',
  'A hotfix reverted between two scrapes is a flap: the counter appears already at 2.',
  'Two changes after a restart are a flap also when the counter comes back at its old value 1.',
  'Two changes between two scrapes after a restart are a flap: the counter comes back above its old value.',
  'A node whose exporter first starts inside the window flaps when its counter appears at 2.',
].sort();

const node: TestNode = { name: 'n1', region: 'us-east-1' };
const dimensionSeries = (metric: string, values: string): InputSeries => ({
  series: labels(metric, { instance: inst(node), job: JOB, workload: 'spark-streaming', dimension: TZ }),
  values,
});

/** v3: the timestamp is present exactly when the counter is (its values do not matter to the rule). */
const samePresence = (counter: string, value: number) => counter.replace(/\d+x/g, `${value}x`);

function inputSeries({ exporter = 'v3', counter, start }: FlapCase): InputSeries[] {
  const v3 = exporter === 'v3';
  return [
    ...healthyNode(node, MINUTES, v3 ? (start ?? `0x${MINUTES}`) : null),
    dimensionSeries('plumb_config_last_change_timestamp_seconds', v3 ? samePresence(counter, 120) : `120x${MINUTES}`),
    dimensionSeries('plumb_config_changes_total', counter),
  ];
}

function runCase(ruleFile: string, c: FlapCase) {
  return promtoolTest(ruleFile, {
    input_series: inputSeries(c),
    promql_expr_test: [
      {
        expr: 'plumb:config_flapping:info',
        eval_time: c.at,
        exp_samples:
          c.flapping === undefined
            ? []
            : [{ labels: labels('plumb:config_flapping:info', { ...nodeLabels(node), workload: 'spark-streaming', dimension: TZ }), value: c.flapping }],
      },
    ],
  });
}

describe('the compiled flapping rule under promtool test rules', () => {
  let ruleFile = '';
  beforeAll(() => {
    ruleFile = compileTestRules();
  });

  it.each(cases)('$name', async (c) => {
    const result = await runCase(ruleFile, c);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toContain('SUCCESS');
  });

  it('The v2 rule, which read "was zero" from the last-change timestamp, misses flaps on v3 exporters, so the v3 rules roll out first.', async () => {
    const v2File = withV2NodeStateRules(ruleFile);
    const v3Cases = cases.filter((c) => (c.exporter ?? 'v3') === 'v3');
    const results = await Promise.all(v3Cases.map(async (c) => ({ name: c.name, ok: (await runCase(v2File, c)).ok })));
    expect(
      results
        .filter((r) => !r.ok)
        .map((r) => r.name)
        .sort(),
    ).toEqual(V2_RULE_GETS_WRONG);
  });
});
