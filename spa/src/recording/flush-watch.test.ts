import { afterEach, describe, expect, it, vi } from 'vitest';
import { FLUSH_CAP_MS, FlushWatch, QUIET_LIMIT_MS } from './flush-watch';

afterEach(() => vi.useRealTimers());

describe('FlushWatch', () => {
  it('ends when the recorder finishes, however long that takes while it keeps handing things over', async () => {
    vi.useFakeTimers();
    const watch = new FlushWatch();
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(QUIET_LIMIT_MS - 100);
      watch.alive();
    }
    expect(watch.done).toBe(false);
    watch.finished();
    expect(await watch.ended).toEqual({ ms: 5 * (QUIET_LIMIT_MS - 100), ended: 'finished' });
  });

  it('gives up on a recorder quiet for the limit, and a late finish changes nothing', async () => {
    vi.useFakeTimers();
    const watch = new FlushWatch();
    await vi.advanceTimersByTimeAsync(1100);
    watch.alive();
    // quiet from the next look (at 1250 ms) on, for the limit
    await vi.advanceTimersByTimeAsync(QUIET_LIMIT_MS);
    expect(watch.done).toBe(false);
    await vi.advanceTimersByTimeAsync(150);
    expect(watch.done).toBe(true);
    watch.finished();
    expect(await watch.ended).toEqual({ ms: 1250 + QUIET_LIMIT_MS, ended: 'quiet' });
  });

  it('a page frozen past the limit is not a quiet recorder: its late tick counts as news, and the slices waiting behind it are waited for', async () => {
    vi.useFakeTimers();
    const watch = new FlushWatch();
    await vi.advanceTimersByTimeAsync(500);
    // the page does not run for 5 s: its next tick comes that late
    const now = performance.now();
    const frozen = vi.spyOn(performance, 'now').mockReturnValue(now + 5000);
    await vi.advanceTimersByTimeAsync(250);
    frozen.mockRestore();
    expect(watch.done).toBe(false);
    // after the thaw, quiet is counted afresh
    await vi.advanceTimersByTimeAsync(QUIET_LIMIT_MS - 250);
    expect(watch.done).toBe(false);
    await vi.advanceTimersByTimeAsync(250);
    expect(await watch.ended).toEqual({ ms: 750 + QUIET_LIMIT_MS, ended: 'quiet' });
  });

  it('ends at the cap even for a recorder that never stops talking', async () => {
    vi.useFakeTimers();
    const watch = new FlushWatch();
    const chatter = setInterval(() => watch.alive(), 500);
    await vi.advanceTimersByTimeAsync(FLUSH_CAP_MS + 1000);
    clearInterval(chatter);
    expect(await watch.ended).toEqual({ ms: FLUSH_CAP_MS, ended: 'quiet' });
  });
});
