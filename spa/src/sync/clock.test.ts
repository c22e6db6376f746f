import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClockSync, SKEW_BOUND, ServerClock, type ClockSample } from './clock';

/**
 * A simulated pair of clocks: true time t (ms); the server's clock reads `serverEpoch + t·(1+serverSkew)`,
 * the browser's `performance.now()` reads `t·(1+localSkew)` from a time origin that is itself off.
 */
function world(opts: { serverSkew: number; localSkew: number; originError: number; seed: number }) {
  let seed = opts.seed;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const serverEpoch = 1_764_000_000_000;
  const origin = serverEpoch + opts.originError;
  const server = (t: number) => serverEpoch + t * (1 + opts.serverSkew);
  const local = (t: number) => t * (1 + opts.localSkew);
  /** Server time minus local epoch time, exactly, at true time t. */
  const trueOffset = (t: number) => server(t) - (origin + local(t));
  /** One request at true time t, with one-way delays drawn from a jittery, asymmetric network. */
  const sample = (t: number, baseMs: number, jitterMs: number): ClockSample => {
    const out = baseMs + random() * jitterMs * (random() < 0.2 ? 10 : 1);
    const back = baseMs * 0.3 + random() * jitterMs;
    return { sentAt: local(t), serverTime: server(t + out), receivedAt: local(t + out + back) };
  };
  return { origin, local, trueOffset, sample };
}

describe('ServerClock', () => {
  it('has no estimate before a sample, and drops samples with negative round trips', () => {
    const c = new ServerClock(() => 0, 0);
    expect(c.estimate()).toBeNull();
    expect(c.toServer(5)).toBeNull();
    c.add({ sentAt: 10, receivedAt: 9, serverTime: 100 });
    expect(c.estimate()).toBeNull();
  });

  it('takes the middle of the round trip: exact when the trip is symmetric', () => {
    const c = new ServerClock(() => 20, 1000);
    c.add({ sentAt: 10, receivedAt: 20, serverTime: 5015 });
    expect(c.estimate()).toEqual({ offsetMs: 5015 - 1015, uncertaintyMs: 5 });
    expect(c.toServer(20)).toBe(5020);
    expect(c.toLocal(5020)).toBe(20);
  });

  it('keeps the sample with the lowest round trip', () => {
    const c = new ServerClock(() => 300, 0);
    c.add({ sentAt: 0, receivedAt: 80, serverTime: 100 });
    c.add({ sentAt: 100, receivedAt: 104, serverTime: 150 });
    c.add({ sentAt: 200, receivedAt: 260, serverTime: 400 });
    expect(c.estimate()!.offsetMs).toBe(48);
    expect(c.estimate()!.uncertaintyMs).toBeCloseTo(2 + 196 * SKEW_BOUND, 9);
  });

  for (const [name, o] of [
    ['a clock 2 s fast, rates 80 ppm apart, a jittery 5–45 ms network', { serverSkew: 30e-6, localSkew: -50e-6, originError: -2000, seed: 7 }],
    ['a clock 7 min slow, rates 60 ppm apart, a jittery 5–45 ms network', { serverSkew: -20e-6, localSkew: 40e-6, originError: 420_000, seed: 99 }],
  ] as const) {
    it(`stays within its stated uncertainty over an hour: ${name}`, () => {
      const w = world(o);
      let t = 0;
      const c = new ServerClock(() => w.local(t), w.origin);
      let worstError = 0;
      let worstUncertainty = 0;
      // A burst of 8, then one sample every 5 s for an hour.
      for (let i = 0; i < 8 + 720; i++) {
        t = i < 8 ? i * 60 : 480 + (i - 8) * 5000;
        c.add(w.sample(t, 5, 40));
        t += 100;
        const e = c.estimate()!;
        const error = Math.abs(e.offsetMs - w.trueOffset(t));
        expect(error).toBeLessThanOrEqual(e.uncertaintyMs + 1e-6);
        if (i > 16) {
          worstError = Math.max(worstError, error);
          worstUncertainty = Math.max(worstUncertainty, e.uncertaintyMs);
        }
      }
      // Converged: the best of the kept trips are within a few tens of ms of the 6.5 ms floor.
      expect(worstUncertainty).toBeLessThan(30);
      expect(worstError).toBeLessThan(30);
      // A local instant maps to the server's clock within the same bound.
      const at = w.local(t);
      const server = c.toServer(at)!;
      expect(Math.abs(server - (w.origin + at + w.trueOffset(t)))).toBeLessThanOrEqual(c.estimate()!.uncertaintyMs + 1e-6);
    });
  }
});

describe('ClockSync', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('samples a burst, is ready after it, then refreshes every 5 s, far under the socket rate limit', async () => {
    let asked = 0;
    const c = new ServerClock(() => Date.now(), 0);
    const sync = new ClockSync(c, async () => (asked++, Date.now() + 1000), () => Date.now());
    let ready = false;
    void sync.ready().then(() => (ready = true));
    sync.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked).toBe(8);
    expect(ready).toBe(true);
    expect(c.estimate()!.offsetMs).toBe(1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked).toBe(8 + 12);
    sync.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked).toBe(20);
  });

  it('keeps trying while the socket is down, and is ready at the first answer', async () => {
    let up = false;
    const c = new ServerClock(() => Date.now(), 0);
    const sync = new ClockSync(c, async () => {
      if (!up) throw new Error('not connected');
      return Date.now();
    }, () => Date.now());
    let ready = false;
    void sync.ready().then(() => (ready = true));
    sync.start();
    await vi.advanceTimersByTimeAsync(12_000);
    expect(ready).toBe(false);
    up = true;
    await vi.advanceTimersByTimeAsync(6_000);
    expect(ready).toBe(true);
    sync.stop();
  });
});
