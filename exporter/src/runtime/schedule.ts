/**
 * Collection on an interval with jitter, so a fleet of exporters started together
 * does not hit the API server in lockstep. Collections never overlap.
 */
export interface Schedule {
  stop(): void;
}

/** Delay before the next run: `intervalMs` ± `jitter` × `intervalMs`. */
export function jitteredDelay(intervalMs: number, jitter: number, random: () => number = Math.random): number {
  return Math.max(0, Math.round(intervalMs * (1 + (random() * 2 - 1) * jitter)));
}

export function startSchedule(run: () => Promise<unknown>, intervalMs: number, jitter: number, onError: (err: unknown) => void): Schedule {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      await run();
    } catch (err) {
      onError(err);
    }
    if (!stopped) timer = setTimeout(tick, jitteredDelay(intervalMs, jitter));
  };
  void tick();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
