/**
 * Flapping: at least `flapping.changes` hash changes within `flapping.window`, so a
 * hotfix applied and then reverted is still seen. `increase()` extrapolates and would
 * report fractions, so the count is max − min over the window, or, when the exporter
 * restarted inside the window (a counter reset), the number of value changes minus the
 * resets. The value of the recorded series is the number of changes.
 */
import type { Model } from '../spec/model';
import { indent, selector } from './promql';
import { labelList, METRIC, NODE_LABELS, RECORD, type RecordingRule } from './rules';

/** The `plumb:config_flapping:info` rule. */
export function compileFlappingRule(model: Model): RecordingRule {
  const { changes, window } = model.settings.flapping;
  const c = `${selector(METRIC.changesTotal, [['job', '=', model.settings.scrapeJob]])}[${window}]`;
  const count = [
    `(`,
    `  (max_over_time(${c}) - min_over_time(${c}))`,
    `  unless on (instance, workload, dimension)`,
    `  (resets(${c}) > 0)`,
    `)`,
    `or on (instance, workload, dimension)`,
    `(changes(${c}) - resets(${c}))`,
  ].join('\n');
  const joined = NODE_LABELS.filter((l) => l !== 'instance');
  return {
    record: RECORD.flapping,
    expr: `max by (${labelList([...NODE_LABELS, 'workload', 'dimension'])}) (\n${indent(`(\n${indent(`(\n${indent(count)}\n) >= ${changes}`)}\n)\n* on (instance) group_left (${labelList(joined)})\n${RECORD.nodeInfoLast}`)}\n)`,
  };
}
