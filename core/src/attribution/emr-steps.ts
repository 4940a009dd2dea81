/**
 * The EMR step that was running when a change happened. EMR keeps one directory per
 * step under `/mnt/var/log/hadoop/steps/<step-id>/`; its `controller` log opens with a
 * timestamped line when the step starts and ends with `Step succeeded|failed … took N
 * seconds` when it ends. A change is the step's when it falls between the previous
 * collection and the one that saw it, and the step ran during that window. Several
 * candidates, or none: `unknown`, never a guess. Pure.
 */
import type { ChangeCause } from './cause';

export interface EmrStep {
  stepId: string;
  startMs: number;
  /** Undefined while the step is still running. */
  endMs: number | undefined;
}

export const STEP_ID = /^s-[A-Z0-9]+$/;
const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z) /;
const ENDED = /INFO Step (?:succeeded|failed|cancelled)\b/;

/** A step from its id and controller log; undefined when the log has no start time. */
export function parseStepController(stepId: string, controller: string): EmrStep | undefined {
  if (!STEP_ID.test(stepId)) return undefined;
  let startMs: number | undefined;
  let endMs: number | undefined;
  for (const line of controller.split('\n')) {
    const stamp = STAMP.exec(line)?.[1];
    if (stamp === undefined) continue;
    const ms = Date.parse(stamp);
    if (startMs === undefined) startMs = ms;
    if (ENDED.test(line)) endMs = ms;
  }
  return startMs === undefined ? undefined : { stepId, startMs, endMs };
}

/** The one step that ran during (`sinceMs`, `atMs`]; `unknown` when none or several did. */
export function causeFromEmrSteps(steps: readonly EmrStep[], sinceMs: number, atMs: number): ChangeCause {
  const running = steps.filter((s) => s.startMs <= atMs && (s.endMs === undefined || s.endMs > sinceMs));
  return running.length === 1 ? { kind: 'emr-step', stepId: (running[0] as EmrStep).stepId } : { kind: 'unknown' };
}
