/**
 * The dashboards step of the compiler chain: model → dashboards (JSON) + provisioning
 * files. Pure and deterministic: the same spec gives the same bytes.
 */
import type { Model } from '@plumb/core/spec/model';
import { GENERATED } from './common';
import { driftByDimensionDashboard } from './drift-by-dimension';
import { fleetOverviewDashboard } from './fleet-overview';
import { impactSymptomsDashboard } from './impact-symptoms';
import { provisioningFiles } from './provisioning';
import { remediationDashboard } from './remediation';

export const DASHBOARD_BUILDERS = {
  'fleet-overview': fleetOverviewDashboard,
  'drift-by-dimension': driftByDimensionDashboard,
  'impact-symptoms': impactSymptomsDashboard,
  remediation: remediationDashboard,
} as const;

/** File path (relative to the output directory) → contents. */
export function generateDashboards(model: Model, source: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, build] of Object.entries(DASHBOARD_BUILDERS)) {
    // The comment key comes first so the header is the first thing a reader sees.
    const doc = { __comment: `${GENERATED} Source: ${source}`, ...build(model) };
    files[`dashboards/${name}.json`] = `${JSON.stringify(doc, null, 2)}\n`;
  }
  return { ...files, ...provisioningFiles(model.name) };
}
