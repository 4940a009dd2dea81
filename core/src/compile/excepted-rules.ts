/**
 * Excepted drift stays visible: `plumb:config_drift_excepted:info` has the labels of the
 * drift an unexpired exception suppresses, plus the exception's `ticket` and `approver`;
 * its value is the exception's expiry (Unix seconds), so dashboards show when the drift
 * comes back and an alert can warn a week before.
 */
import type { DimensionRule } from '../spec/model';
import { coveredBy, nodesCoveredBy } from './drift-exceptions';
import { indent } from './promql';
import { DRIFT_LABELS, labelList, withNodeLabels, type RecordingRule } from './rules';
import { RECORD } from '../contract/metrics';

/**
 * One rule per exception of `rule`. `drifted` selects the drift before exceptions: config
 * series, which get their node labels here, or (`reason` set) missing drift, which has
 * them and is matched to the exception by node.
 */
export function compileExceptedRules(rule: DimensionRule, drifted: string, severity: string, job: string, reason?: string): RecordingRule[] {
  return [...rule.exceptions]
    .sort((a, b) => a.ticket.localeCompare(b.ticket) || a.expiresAtSeconds - b.expiresAtSeconds)
    .map((e) => {
      const covered =
        reason === undefined
          ? withNodeLabels(`(\n${indent(`(\n${indent(drifted)}\n)\nand on (instance, workload, dimension)\n(\n${indent(coveredBy(rule, e, job))}\n)`)}\n)`)
          : `(\n${indent(drifted)}\n)\nand on (instance)\n(\n${indent(nodesCoveredBy(e))}\n)`;
      return {
        record: RECORD.driftExcepted,
        expr: `max by (${labelList(DRIFT_LABELS)}) (\n${indent(covered)}\n) * 0 + ${e.expiresAtSeconds}`,
        labels: { severity, rule: rule.id, ...(reason === undefined ? {} : { reason }), ticket: e.ticket, approver: e.approvedBy },
      };
    });
}
