import { ApiError } from '../api/errors';
import { backoffDelay } from '../api/retry';

/**
 * What an upload step retries, forever: no answer, an expired part URL (the store's 403), a
 * timeout, throttling and server errors (a 503 is an outage of the database or the store).
 * Anything else is the person's or the data's to fix, and fails the recording.
 */
export function retriable(e: unknown): e is ApiError {
  return e instanceof ApiError && (e.status === 0 || (e.status === 403 && e.code === 'store') || e.status === 408 || e.status === 429 || e.status >= 500);
}

/** Runs `op` until it succeeds or fails for good, waiting `delay(attempt, Retry-After)` between tries. */
export async function untilDone<T>(
  op: () => Promise<T>,
  sleep: (ms: number) => Promise<void>,
  delay: (attempt: number, retryAfterMs: number | null) => number,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      if (!retriable(e)) throw e;
      await sleep(delay(attempt, e.retryAfterMs));
    }
  }
}

export interface RetryOptions {
  sleep?: (ms: number) => Promise<void>;
  /** The wait before retry `attempt` (0 first), given the answer's Retry-After; default: {@link backoffDelay}. */
  retryDelay?: (attempt: number, retryAfterMs: number | null) => number;
  /** The default retryDelay's jitter, in [0, 1); tests pass a seeded one. */
  random?: () => number;
}

/** The uploader's retry: jittered backoff that waits at least the answer's Retry-After, until done. */
export function retrying(o: RetryOptions = {}): <T>(op: () => Promise<T>) => Promise<T> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = o.random ?? Math.random;
  const delay = o.retryDelay ?? ((n, retryAfterMs) => backoffDelay(n, retryAfterMs, { random }));
  return (op) => untilDone(op, sleep, delay);
}
