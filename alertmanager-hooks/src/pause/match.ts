/** Which pause, if any, holds an action back: pure, from the pauses and the clock. */
import type { Pause } from '@plumb/core/contract/handler-api';

export const isActive = (p: Pause, nowMs: number) => p.endedMs === undefined && p.expiresAtMs > nowMs;

/** What a pause covers, for records and refusals: `global`, `region eu-west-1`, `workload spark-streaming`. */
export const scopeText = (p: Pick<Pause, 'scope' | 'region' | 'workload'>) =>
  p.scope === 'global' ? 'global' : p.scope === 'region' ? `region ${p.region}` : `workload ${p.workload}`;

/** The first active pause covering an action in `region` running `workload`, or undefined. */
export function pauseFor(pauses: readonly Pause[], target: { region: string; workload: string }, nowMs: number): Pause | undefined {
  return pauses.find(
    (p) =>
      isActive(p, nowMs) &&
      (p.scope === 'global' || (p.scope === 'region' && p.region === target.region) || (p.scope === 'workload' && p.workload === target.workload)),
  );
}

/** The refusal detail an action deferred by `p` carries (after `paused: `). */
export const pausedDetail = (p: Pause) => `${scopeText(p)} pause by ${p.by} until ${new Date(p.expiresAtMs).toISOString()}: ${p.reason}`;
