/**
 * Flapping: at least `flapping.changes` hash changes within `flapping.window`, so a
 * hotfix applied and then reverted is still seen. The value of the recorded series is
 * the number of changes.
 *
 * Since metric contract v2 the exporter renders `plumb_config_changes_total` only once
 * it is above zero: absent means "no change since the exporter started". The counter
 * therefore *appears* on the first change, and after an exporter restart it vanishes
 * until the next one. Since v3 the exporter also renders
 * `plumb_exporter_start_time_seconds`, once per scrape, whose value changes exactly when
 * the exporter restarts. Two facts per counter series follow:
 *
 * - restarted: the start time changed inside the window, or the counter dropped (an
 *   exporter older than v3, which has no start time).
 * - was zero: the counter has fewer samples in the window than the start time has (the
 *   counter was absent at some successful scrape), or, for a v1/v2 exporter, fewer than
 *   its always-rendered last-change timestamp.
 *
 * Three cases, tried in this order:
 *
 * 1. Steady: never zero in the window, no restart. Changes = max − min over the window.
 *    Exact, even with several changes between two scrapes; `increase()` would
 *    extrapolate and report fractions.
 * 2. Appeared: zero inside the window, no restart, present now. Every change it counts
 *    happened after it was zero, hence inside the window: changes = its current value.
 * 3. Restarted (or zero and absent now). Changes = value changes − drops, plus one when
 *    the counter is present now, for the rise from zero to the first value after the
 *    restart that no sample shows. A restart alone is never a flap.
 *
 * Cases 2 and 3 assume at most one hash change between two scrapes after a restart,
 * as `changes()` does. A v1 exporter's explicit zeros keep working: its counter has a
 * sample at every scrape (case 1), and its minimum of 0 turns off case 3's "plus one".
 */
import type { Model } from '../spec/model';
import { indent, selector } from './promql';
import { labelList, type RecordingRule } from './rules';
import { METRIC, NODE_LABELS, NODE_METADATA_LABELS, RECORD } from '../contract/metrics';

/** Labels that identify one counter series across the three cases. */
const SERIES = 'on (instance, workload, dimension)';

/** The changes expression, one sample per (instance, workload, dimension) that changed in the window. */
export function flappingChangeCount(job: string, window: string): string {
  const onJob = (metric: string) => selector(metric, [['job', '=', job]]);
  const now = onJob(METRIC.changesTotal);
  const c = `${now}[${window}]`;
  const start = `${onJob(METRIC.exporterStart)}[${window}]`;
  const wasZero = [
    `(`,
    `  (count_over_time(${c}) < on (instance) group_left count_over_time(${start}))`,
    `  or ${SERIES}`,
    `  (count_over_time(${onJob(METRIC.lastChange)}[${window}]) > count_over_time(${c}))`,
    `)`,
  ];
  const restarted = [`unless on (instance) (changes(${start}) > 0)`, `unless ${SERIES} (resets(${c}) > 0)`];
  const counted = `(changes(${c}) - resets(${c}))`;
  const block = (comment: string, body: string[]) => [`# ${comment}`, `(`, ...body.map((l) => `  ${l}`), `)`];
  return [
    ...block('steady: never zero in the window, no restart', [`(max_over_time(${c}) - min_over_time(${c}))`, ...restarted, `unless ${SERIES}`, ...wasZero]),
    `or ${SERIES}`,
    ...block('appeared in the window, no restart: every change it counts is inside it', [now, ...restarted]),
    `or ${SERIES}`,
    ...block('restarted in the window: value changes - drops, + the unseen rise to the first value', [
      `(${counted} + (clamp_max(min_over_time(${c}), 1) and ${SERIES} ${now}))`,
      `or ${SERIES}`,
      counted,
    ]),
  ].join('\n');
}

/** The `plumb:config_flapping:info` rule. */
export function compileFlappingRule(model: Model): RecordingRule {
  const { changes, window } = model.settings.flapping;
  const count = flappingChangeCount(model.settings.scrapeJob, window);
  const joined = NODE_METADATA_LABELS;
  return {
    record: RECORD.flapping,
    expr: `max by (${labelList([...NODE_LABELS, 'workload', 'dimension'])}) (\n${indent(`(\n${indent(`(\n${indent(count)}\n) >= ${changes}`)}\n)\n* on (instance) group_left (${labelList(joined)})\n${RECORD.nodeInfoLast}`)}\n)`,
  };
}
