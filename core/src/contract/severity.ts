/** Drift severities and the rank `plumb:node_drift_severity:max` reports for each. */
import { SEVERITIES, type Severity } from '../spec/schema';

export { SEVERITIES, type Severity };

/** 1 info, 2 sla-risk, 3 correctness-risk: higher is worse. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.fromEntries(SEVERITIES.map((s, i) => [s, i + 1])) as Record<Severity, number>;
