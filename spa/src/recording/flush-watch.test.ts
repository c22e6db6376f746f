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
    await vi.advanceTimersByTimeAsync(1000);
    watch.alive();
    await vi.advanceTimersByTimeAsync(QUIET_LIMIT_MS);
    expect(watch.done).toBe(true);
    watch.finished();
    expect(await watch.ended).toEqual({ ms: 1000 + QUIET_LIMIT_MS, ended: 'quiet' });
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
