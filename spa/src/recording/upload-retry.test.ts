import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { retriable, retrying, untilDone } from './upload-retry';

const err = (status: number, code = 'x', retryAfterMs: number | null = null) => new ApiError(status, code, 'm', retryAfterMs);

describe('retriable', () => {
  it('retries no answer, an expired store URL, timeouts, throttling and server errors', () => {
    for (const e of [err(0), err(403, 'store'), err(408), err(429), err(500), err(503)]) expect(retriable(e)).toBe(true);
  });

  it('leaves the rest to the person: the API\'s 403, 401, 413, and anything not from the API', () => {
    for (const e of [err(403, 'forbidden'), err(401), err(413), new Error('lost chunks')]) expect(retriable(e)).toBe(false);
  });
});

describe('untilDone', () => {
  it('tries again after each retriable failure, waiting what delay says given the Retry-After', async () => {
    const op = vi.fn().mockRejectedValueOnce(err(503, 'x', 2000)).mockRejectedValueOnce(err(0)).mockResolvedValue('ok');
    const slept: number[] = [];
    const delay = vi.fn((attempt: number, retryAfterMs: number | null) => attempt * 10 + (retryAfterMs ?? 0));
    expect(await untilDone(op, async (ms) => void slept.push(ms), delay)).toBe('ok');
    expect(delay.mock.calls).toEqual([[0, 2000], [1, null]]);
    expect(slept).toEqual([2000, 10]);
  });

  it('gives up at once on a failure for good', async () => {
    const sleep = vi.fn(async () => {});
    await expect(untilDone(() => Promise.reject(err(401)), sleep, () => 0)).rejects.toMatchObject({ status: 401 });
    expect(sleep).not.toHaveBeenCalled();
  });
});

describe('retrying', () => {
  it('waits the given retryDelay', async () => {
    const slept: number[] = [];
    const retry = retrying({ sleep: async (ms) => void slept.push(ms), retryDelay: (n) => 100 + n });
    let tries = 0;
    await retry(async () => {
      if (tries++ < 2) throw err(0);
    });
    expect(slept).toEqual([100, 101]);
  });

  it('defaults to jittered backoff from the given random, at least the Retry-After', async () => {
    const slept: number[] = [];
    const retry = retrying({ sleep: async (ms) => void slept.push(ms), random: () => 0 });
    let tries = 0;
    await retry(async () => {
      if (tries++ === 0) throw err(429, 'x', 1500);
    });
    expect(slept).toEqual([1500]);
  });
});
