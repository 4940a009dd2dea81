import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryable, withRetry } from './retry';

const apiError = (code: number) => Object.assign(new Error(`HTTP ${code}`), { code });

describe('isRetryable', () => {
  it.each([
    ['retries a 409 conflict', apiError(409), true],
    ['retries a 500', apiError(500), true],
    ['retries a 503', apiError(503), true],
    ['does not retry a 404', apiError(404), false],
    ['does not retry a 422 validation error', apiError(422), false],
    ['retries a refused connection', Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), true],
    ['does not retry a plain error', new Error('bug'), false],
  ])('%s', (_n, err, expected) => expect(isRetryable(err)).toBe(expected));
});

describe('withRetry', () => {
  it('retries until the call succeeds and backs off exponentially', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 4) throw apiError(calls % 2 ? 409 : 500);
        return 'done';
      },
      { attempts: 6, baseDelayMs: 100, maxDelayMs: 10_000, sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(result).toBe('done');
    expect(calls).toBe(4);
    expect(sleeps).toHaveLength(3);
    expect(sleeps[2]!).toBeGreaterThan(sleeps[0]!);
  });

  it('gives up after the last attempt and throws the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw apiError(500);
        },
        { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} },
      ),
    ).rejects.toThrow('HTTP 500');
    expect(calls).toBe(3);
  });

  it('does not retry a fault that is not retryable', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw apiError(403);
        },
        { attempts: 5, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} },
      ),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });
});

describe('backoffDelay', () => {
  it.each([
    ['doubles per attempt', 3, 100, 10_000, 400],
    ['is capped', 20, 100, 5_000, 5_000],
  ])('%s', (_n, attempt, base, max, expected) => expect(backoffDelay(attempt, base, max, () => 0.5)).toBe(expected));
});
