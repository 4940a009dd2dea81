/**
 * Silence never erases drift: when a node's exporter goes down, its drift series would
 * end with its scraped series, the alert would resolve and the ratios would improve.
 * `plumb:config_drift_unknown:info` keeps the node's last known drift, under its own
 * name (so it reads as unknown), for as long as the target is down; it ends when the
 * node reports again (the live rules decide from then on) or leaves service discovery.
 */
import type { Model } from '../spec/model';
import { selector } from './promql';
import type { RecordingRule } from './rules';
import { RECORD } from '../contract/metrics';

/**
 * The carrying rule. It must run *before* the drift rules: at this point of the group's
 * evaluation, `plumb:config_drift:info` still holds the previous evaluation's drift.
 * Once the drift rules have run, a node that went down has a staleness marker there.
 */
export function compileStickyDriftRule(model: Model): RecordingRule {
  const down = `(${selector('up', [['job', '=', model.settings.scrapeJob]])} == 0)`;
  return {
    record: RECORD.driftUnknown,
    expr: `# drift of the previous evaluation, or already carried\n(\n  ${RECORD.drift}\n  or\n  ${RECORD.driftUnknown}\n)\nand on (instance)\n${down}`,
  };
}
