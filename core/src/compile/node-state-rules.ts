/**
 * A node's state, one per expected node (every target of the scrape job), and the
 * compliance ratio: compliant ÷ all expected nodes. The first state that applies wins:
 * unknown (not reporting, partly collected, stale, never answered), drifted, missing,
 * excepted (only drift that an unexpired exception covers), compliant.
 */
import { labelList, type RecordingRule } from './rules';
import { NODE_LABELS, RECORD } from '../contract/metrics';

/** The states of `plumb:node_state:info`, in precedence order. */
export const NODE_STATES = ['unknown', 'drifted', 'missing', 'excepted', 'compliant'] as const;
export type NodeState = (typeof NODE_STATES)[number];

const SOURCES: Record<NodeState, string> = {
  unknown: RECORD.unknown,
  drifted: `${RECORD.drift}{reason!="missing"}`,
  missing: `${RECORD.drift}{reason="missing"}`,
  excepted: RECORD.driftExcepted,
  compliant: RECORD.nodeInfoLast,
};

const withState = (series: string, state: string) => `label_replace(${series}, "state", "${state}", "", "")`;

/** `plumb:node_state:info`: `or on (instance)` keeps the first state a node has. */
export function compileNodeStateRule(): RecordingRule {
  const parts = NODE_STATES.map((s) => withState(`group by (${labelList(NODE_LABELS)}) (${SOURCES[s]})`, s));
  return { record: RECORD.nodeState, expr: parts.join('\nor on (instance)\n') };
}

/** `plumb:node_state:count` (0 for a state no node of the region is in) and `plumb:compliance:ratio`. */
export function compileComplianceRules(): RecordingRule[] {
  const regions = `group by (region) (${RECORD.nodeState}) * 0`;
  const zeros = NODE_STATES.map((s) => withState(regions, s)).join('\nor\n');
  return [
    { record: RECORD.nodeStateCount, expr: `count by (region, state) (${RECORD.nodeState})\nor\n(\n${zeros}\n)` },
    {
      record: RECORD.complianceRatio,
      expr: `sum by (region) (${RECORD.nodeStateCount}{state="compliant"})\n/\nsum by (region) (${RECORD.nodeStateCount})`,
    },
  ];
}
