/**
 * Retries with exponential backoff for faults worth retrying: a 409 conflict
 * (someone else changed the object; re-read and re-apply), 5xx and connection
 * errors. Anything else is returned at once.
 */

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (attempt: number, err: unknown) => void;
}

/** HTTP status of a client error, if it has one. */
export function statusOf(err: unknown): number | undefined {
  const e = err as { code?: unknown; statusCode?: unknown; status?: unknown; $metadata?: { httpStatusCode?: number } } | undefined;
  if (e === undefined || e === null) return undefined;
  for (const v of [e.code, e.statusCode, e.status, e.$metadata?.httpStatusCode]) if (typeof v === 'number') return v;
  return undefined;
}

export function isRetryable(err: unknown): boolean {
  const status = statusOf(err);
  if (status !== undefined) return status === 409 || status >= 500;
  const code = (err as { code?: unknown; cause?: { code?: unknown } } | undefined)?.code ?? (err as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET'].includes(code);
}

/** Delay before retry `attempt` (1-based): base·2^(attempt−1), capped, with ±20% jitter. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const raw = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy, retryable: (err: unknown) => boolean = isRetryable): Promise<T> {
  const sleep = policy.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= policy.attempts || !retryable(err)) throw err;
      policy.onRetry?.(attempt, err);
      await sleep(backoffDelay(attempt, policy.baseDelayMs, policy.maxDelayMs));
    }
  }
}
