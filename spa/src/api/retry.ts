/**
 * How a failed request waits before trying again. Full jitter (a random wait between 0 and the
 * exponential ceiling) so that the browsers an outage failed together do not all come back at
 * the same instant; and a server's `Retry-After` is a floor: nobody retries before it, and the
 * jitter on top spreads those who wait for it.
 */
export interface BackoffOptions {
  /** The ceiling of the first retry's wait; it doubles with each attempt. */
  baseMs?: number;
  /** The ceiling never grows past this. */
  capMs?: number;
  /** A `Retry-After` longer than this is taken as this (a wrong header must not park a tab). */
  maxRetryAfterMs?: number;
  /** In [0, 1); tests pass a seeded one. */
  random?: () => number;
}

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 5_000;
export const MAX_RETRY_AFTER_MS = 120_000;

/** The wait before retry number `attempt` (0 for the first retry), in milliseconds. */
export function backoffDelay(attempt: number, retryAfterMs: number | null, o: BackoffOptions = {}): number {
  const base = o.baseMs ?? BACKOFF_BASE_MS;
  const cap = o.capMs ?? BACKOFF_CAP_MS;
  const random = o.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  const jitter = random() * ceiling;
  if (retryAfterMs === null) return jitter;
  return Math.min(Math.max(0, retryAfterMs), o.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS) + jitter;
}

/**
 * A `Retry-After` header as milliseconds from `nowMs`: delta-seconds or an HTTP date (RFC 9110
 * §10.2.3); null when absent or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (!/[a-z]/i.test(v)) return null; // "1.5", "-3": neither form
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

