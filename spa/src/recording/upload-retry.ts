import { ApiError } from '../api/errors';

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
