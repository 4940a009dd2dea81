/**
 * Flapping: at least `flapping.changes` hash changes within `flapping.window`, so a
 * hotfix applied and then reverted is still seen. The value of the recorded series is
 * the number of changes.
 *
 * Since metric contract v2 the exporter renders `plumb_config_changes_total` only once
 * it is above zero: absent means "no change since the exporter started". The counter
 * therefore *appears* on the first change, and after an exporter restart it vanishes
 * until the next one. `plumb_config_last_change_timestamp_seconds` is rendered for every
 * dimension seen since the start, in the same scrape, so a window in which the counter
 * has fewer samples than the timestamp is a window in which the counter was zero at
 * some scrape. Three cases follow, tried in this order:
 *
 * 1. Steady: the counter has a sample at every scrape of the window and never drops.
 *    Changes = max − min over the window. Exact, even with several changes between two
 *    scrapes; `increase()` would extrapolate and report fractions.
 * 2. Appeared: the counter was zero inside the window, never drops, and is present now.
 *    Every change it counts happened after it was zero, hence inside the window:
 *    changes = its current value.
 * 3. Restarted: the counter drops inside the window (an exporter restart), or it was
 *    zero and is absent now. Changes = value changes − drops, plus one when the
 *    counter is present now, for the rise from zero to the first value after the
 *    restart that no sample shows. A restart alone is never a flap.
 *
 * Cases 2 and 3 assume at most one hash change between two scrapes after a restart,
 * as `changes()` does. A v1 exporter's explicit zeros keep working: its counter has a
 * sample at every scrape (case 1), and its minimum of 0 turns off case 3's "plus one".
 */
import type { Model } from '../spec/model';
import { indent, selector } from './promql';
import { labelList, METRIC, NODE_LABELS, RECORD, type RecordingRule } from './rules';

/** Labels that identify one counter series across the three cases. */
const SERIES = 'on (instance, workload, dimension)';

/** The changes expression, one sample per (instance, workload, dimension) that changed in the window. */
export function flappingChangeCount(job: string, window: string): string {
  const now = selector(METRIC.changesTotal, [['job', '=', job]]);
  const c = `${now}[${window}]`;
  const seen = `${selector(METRIC.lastChange, [['job', '=', job]])}[${window}]`;
  const wasZero = `(count_over_time(${seen}) > count_over_time(${c}))`;
  const dropped = `(resets(${c}) > 0)`;
  const counted = `(changes(${c}) - resets(${c}))`;
  const block = (comment: string, body: string[]) => [`# ${comment}`, `(`, ...body.map((l) => `  ${l}`), `)`];
  return [
    ...block('steady: present at every scrape, no drop', [`(max_over_time(${c}) - min_over_time(${c}))`, `unless ${SERIES} ${dropped}`, `unless ${SERIES} ${wasZero}`]),
    `or ${SERIES}`,
    ...block('appeared in the window: every change it counts is inside it', [now, `unless ${SERIES} ${dropped}`]),
    `or ${SERIES}`,
    ...block('restarted in the window: value changes - drops, + the unseen rise to the first value', [`(${counted} + (clamp_max(min_over_time(${c}), 1) and ${SERIES} ${now}))`, `or ${SERIES}`, counted]),
  ].join('\n');
}

/** The `plumb:config_flapping:info` rule. */
export function compileFlappingRule(model: Model): RecordingRule {
  const { changes, window } = model.settings.flapping;
  const count = flappingChangeCount(model.settings.scrapeJob, window);
  const joined = NODE_LABELS.filter((l) => l !== 'instance');
  return {
    record: RECORD.flapping,
    expr: `max by (${labelList([...NODE_LABELS, 'workload', 'dimension'])}) (\n${indent(`(\n${indent(`(\n${indent(count)}\n) >= ${changes}`)}\n)\n* on (instance) group_left (${labelList(joined)})\n${RECORD.nodeInfoLast}`)}\n)`,
  };
}
