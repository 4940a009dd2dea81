/**
 * Maintenance-window calendar: is a region inside one of its windows at a given
 * instant? Pure (cron arithmetic only); the result feeds the window guardrail.
 */
import { CronExpressionParser } from 'cron-parser';

export interface MaintenanceWindow {
  cron: string;
  durationMinutes: number;
  tz: string;
  regions?: string[] | undefined;
}

export interface WindowStatus {
  configured: boolean;
  open: boolean;
  detail: string;
}

/** Checks each window that applies to the region; the first open one wins. */
export function windowStatus(windows: readonly MaintenanceWindow[], region: string, nowMs: number): WindowStatus {
  const applicable = windows.filter((w) => w.regions === undefined || w.regions.includes(region));
  if (applicable.length === 0) return { configured: false, open: true, detail: 'no window applies' };
  for (const w of applicable) {
    // The window opened at the latest cron tick not after now (+1 ms so a tick at exactly now counts).
    const expr = CronExpressionParser.parse(w.cron, { currentDate: new Date(nowMs + 1), tz: w.tz });
    const start = expr.prev().getTime();
    const end = start + w.durationMinutes * 60_000;
    if (nowMs >= start && nowMs < end) {
      return { configured: true, open: true, detail: `inside window "${w.cron}" ${w.tz} until ${new Date(end).toISOString()}` };
    }
  }
  return {
    configured: true,
    open: false,
    detail: `outside every maintenance window of ${region}: ${applicable.map((w) => `"${w.cron}" ${w.tz} for ${w.durationMinutes} min`).join('; ')}`,
  };
}

/** Validates cron expressions and time zones up front so bad config fails at start. */
export function checkWindows(windows: readonly MaintenanceWindow[]): string[] {
  const errors: string[] = [];
  windows.forEach((w, i) => {
    try {
      CronExpressionParser.parse(w.cron, { tz: w.tz });
      new Intl.DateTimeFormat('en', { timeZone: w.tz });
    } catch (err) {
      errors.push(`windows.${i}: ${(err as Error).message}`);
    }
  });
  return errors;
}
