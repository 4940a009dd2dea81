/**
 * The shape of every fixture in the kit: started in `beforeAll`, stopped in `afterAll`,
 * read through a view whose properties are those of what was started (reading one before
 * `beforeAll` ran is a mistake in the test, and says so).
 */
import { afterAll, beforeAll } from 'vitest';

export function useStarted<T extends object>(what: string, start: () => Promise<T>, stop: (started: T) => Promise<void>, timeoutMs = 120_000): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  }, timeoutMs);
  afterAll(async () => {
    if (started !== undefined) await stop(started);
  });
  return new Proxy({} as T, {
    get(_target, key) {
      if (started === undefined) throw new Error(`${what} is used before beforeAll started it`);
      return Reflect.get(started, key);
    },
  });
}
