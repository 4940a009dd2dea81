/**
 * `plumb datadog sync`: list this fleet's monitors by tag, plan, validate every
 * monitor to be written with Datadog's validate endpoint, then create, update and
 * delete. Nothing is written unless every write validates; a dry run only plans.
 */
import { MANAGED_TAG, TAG, type DatadogMonitor } from '@plumb/core/compile/datadog/monitor-types';
import { planSync, type SyncPlan } from '@plumb/core/compile/datadog/sync-plan';
import type { MonitorsPort } from './api';

export interface SyncOutcome {
  plan: SyncPlan;
  written: number;
}

export async function syncMonitors(port: MonitorsPort, fleet: string, wanted: readonly DatadogMonitor[], dryRun: boolean): Promise<SyncOutcome> {
  const existing = await port.list([MANAGED_TAG, `${TAG.fleet}:${fleet}`]);
  const plan = planSync(wanted, existing);
  if (dryRun) return { plan, written: 0 };
  for (const m of plan.create) await port.validate(m);
  for (const u of plan.update) await port.validate(u.monitor, u.id);
  let written = 0;
  for (const m of plan.create) {
    await port.create(m);
    written += 1;
  }
  for (const u of plan.update) {
    await port.update(u.id, u.monitor);
    written += 1;
  }
  for (const d of plan.delete) {
    await port.delete(d.id);
    written += 1;
  }
  return { plan, written };
}

/** One line per planned change, for people. */
export function describePlan(plan: SyncPlan): string[] {
  return [
    ...plan.create.map((m) => `create  ${m.name}`),
    ...plan.update.map((u) => `update  ${u.id} ${u.monitor.name} (${u.fields.join(', ')})`),
    ...plan.delete.map((d) => `delete  ${d.id} ${d.name} (${d.reason})`),
  ];
}
