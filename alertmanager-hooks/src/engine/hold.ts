/**
 * What may hold an action back at the moment it would act, read afresh every time:
 * the mode the configuration gives its region and workload now (not the one it had
 * when the alert arrived), and any active pause covering it.
 */
import type { Mode } from '../config/schema';
import type { ActionRecord } from '../ledger/action';
import { pauseFor, pausedDetail } from '../pause/match';
import type { EngineDeps } from './deps';
import { modeFor } from './modes';

const STRICTNESS: Record<Mode, number> = { observe: 0, 'dry-run': 1, enforce: 2 };

/** The stricter of the action's recorded mode and the one configured now: a config change can only stop actions, never arm them. */
export function modeNow(deps: EngineDeps, action: Pick<ActionRecord, 'mode' | 'region' | 'workload'>): Mode {
  const configured = modeFor(deps.config.modes.rules, deps.config.modes.default, action.region, action.workload);
  return STRICTNESS[configured] < STRICTNESS[action.mode] ? configured : action.mode;
}

/** The refusal detail when an active pause covers the action, else undefined; `pauses` read once a round, or now. */
export function pausedNow(deps: EngineDeps, action: Pick<ActionRecord, 'region' | 'workload'>, pauses = deps.ledger.pauses.all()): string | undefined {
  const p = pauseFor(pauses, action, deps.now());
  return p === undefined ? undefined : pausedDetail(p);
}

/** Thrown before a side effect when a pause now covers a running action; it stays `running` and resumes after the pause. */
export class Paused extends Error {}
