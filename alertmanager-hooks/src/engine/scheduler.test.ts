import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RoundScheduler } from './scheduler';

describe('RoundScheduler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs rounds during a stream of kicks instead of postponing them', async () => {
    let rounds = 0;
    const s = new RoundScheduler(
      async () => void rounds++,
      60_000,
      () => {},
    );
    s.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(rounds).toBe(1);
    for (let i = 0; i < 100; i++) {
      s.kick();
      await vi.advanceTimersByTimeAsync(5);
    }
    // 500 ms of kicks every 5 ms: a round about every 20 ms, not one at the end.
    expect(rounds).toBeGreaterThanOrEqual(15);
    s.stop();
  });

  it('runs one more round when kicked during a round', async () => {
    let rounds = 0;
    let release!: () => void;
    const s = new RoundScheduler(
      async () => {
        rounds++;
        if (rounds === 1) await new Promise<void>((r) => (release = r));
      },
      60_000,
      () => {},
    );
    s.start();
    s.kick();
    release();
    await vi.advanceTimersByTimeAsync(25);
    expect(rounds).toBe(2);
    s.stop();
  });

  it('keeps going after a failed round and logs it', async () => {
    const log: string[] = [];
    let rounds = 0;
    const s = new RoundScheduler(
      async () => {
        rounds++;
        if (rounds === 1) throw new Error('boom');
      },
      100,
      (m) => log.push(m),
    );
    s.start();
    await vi.advanceTimersByTimeAsync(150);
    expect(rounds).toBe(2);
    expect(log).toEqual(['worker round failed: boom']);
    s.stop();
  });
});
