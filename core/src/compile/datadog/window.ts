/**
 * Prometheus durations as Datadog evaluation windows (`last_5m`) and minutes.
 * Datadog's smallest window is one minute; shorter durations round up to it.
 */
import { durationSeconds } from '../promql';

/** Whole minutes, at least one, rounded up. */
export function durationMinutes(duration: string): number {
  return Math.max(1, Math.ceil(durationSeconds(duration) / 60));
}

/** `last_<n>m`, or `last_<n>h` when the minutes are whole hours. */
export function evaluationWindow(duration: string): string {
  const m = durationMinutes(duration);
  return m % 60 === 0 ? `last_${m / 60}h` : `last_${m}m`;
}
