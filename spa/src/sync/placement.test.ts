import { describe, expect, it } from 'vitest';
import { ClockSync, ServerClock } from './clock';
import { MARK_EVERY_MS, MAX_MARKS, SampleClock, placeFirstSample, placeInTurn, type TrackTiming } from './placement';

/** A clock already synced: the server's epoch is `origin + local + offset`, known to 0.5 ms. */
function syncedClock(offset: number, origin = 1_764_000_000_000) {
  let local = 0;
  const clock = new ServerClock(() => local, origin);
  clock.add({ sentAt: 0, receivedAt: 1, serverTime: origin + 0.5 + offset });
  const sync = new ClockSync(clock, async () => origin + local + offset, () => local);
  (sync as unknown as { burstDone: boolean }).burstDone = true;
  return { sync, setLocal: (t: number) => (local = t), origin };
}

function sink() {
  const timing: Partial<TrackTiming> = {};
  const writes: Partial<TrackTiming>[] = [];
  return { timing, writes, put: async (p: Partial<TrackTiming>) => void (writes.push(p), Object.assign(timing, p)) };
}

describe('placeFirstSample', () => {
  it('maps a local instant to the server clock with the estimate it used', async () => {
    const { sync, origin } = syncedClock(-250);
    const t = await placeFirstSample(sync, 1234.5);
    expect(t).toEqual({ firstSampleAt: origin + 1234.5 - 250, clockOffsetMs: -250, clockUncertaintyMs: 0.5 });
  });
});

describe('placeInTurn', () => {
  it('writes the rough placement at once and the better one over it, in that order however they settle', async () => {
    const written: number[] = [];
    let better!: (v: number | null) => void;
    const done = placeInTurn([Promise.resolve(100), new Promise((r) => (better = r))], async (first) => void written.push(first));
    await new Promise((r) => setTimeout(r, 0));
    expect(written).toEqual([100]); // a tab lost now keeps this one
    better(97.5);
    await done;
    expect(written).toEqual([100, 97.5]);

    const order: number[] = [];
    let rough!: (v: number | null) => void;
    const late = placeInTurn([new Promise((r) => (rough = r)), Promise.resolve(5)], async (first) => void order.push(first));
    rough(9);
    await late;
    expect(order).toEqual([9, 5]); // the better one last, though it was known first
  });

  it('keeps what was written where a later way finds nothing or fails', async () => {
    const written: number[] = [];
    await placeInTurn([Promise.resolve(40), Promise.resolve(null), Promise.reject(new Error('decoder'))], async (first) => void written.push(first));
    expect(written).toEqual([40]);
    await placeInTurn([Promise.resolve(null), Promise.resolve(null)], async (first) => void written.push(first));
    expect(written).toEqual([40]);
  });
});

describe('SampleClock', () => {
  it('places the first sample by the earliest block arrival, whatever the later delays', async () => {
    const { sync, setLocal, origin } = syncedClock(40);
    const s = sink();
    let seen = 0;
    const c = new SampleClock(48_000, sync, s.put, (l) => (seen = l));
    // The tap's first sample was captured at local 1000; blocks of 12,000 samples (250 ms) arrive 3–30 ms late.
    const delays = [30, 12, 3, 25, 8, 17, 9, 14, 22, 5, 11, 6, 19, 4, 28, 7, 13, 10, 21, 16, 15, 18];
    delays.forEach((d, i) => {
      const arrival = 1000 + (i + 1) * 250 + d;
      setLocal(arrival);
      c.block(arrival, (i + 1) * 12_000);
    });
    await c.finish(delays.length * 12_000);
    expect(seen).toBe(1003);
    expect(s.timing.firstSampleAt).toBe(origin + 1003 + 40);
    expect(s.timing.sampleRate).toBe(48_000);
    expect(s.timing.samples).toBe(delays.length * 12_000);
    // A mark a second, on the server clock: the block of that second that arrived soonest after its samples.
    expect(s.timing.marks!.slice(0, 3)).toEqual([
      [origin + 1280 + 40, 12_000],
      [origin + 1753 + 40, 36_000],
      [origin + 3505 + 40, 120_000],
    ]);
  });

  it('a first sample known from capture timestamps is placed at once, and late arrivals do not move it', async () => {
    const { sync, setLocal, origin } = syncedClock(40);
    const s = sink();
    let seen = 0;
    const c = new SampleClock(48_000, sync, s.put, (l) => (seen = l));
    setLocal(1010);
    c.firstAt(1001.5);
    // a busy page: every block arrives 60 ms after its last sample
    for (let i = 1; i <= 4; i++) {
      setLocal(1000 + i * 250 + 60);
      c.block(1000 + i * 250 + 60, i * 12_000);
    }
    await c.finish(48_000);
    expect(seen).toBe(1001.5);
    expect(s.timing.firstSampleAt).toBe(origin + 1001.5 + 40);
  });

  it('a take shorter than the window is placed at stop, before the last write', async () => {
    const { sync, setLocal, origin } = syncedClock(0);
    const s = sink();
    const c = new SampleClock(44_100, sync, s.put);
    setLocal(600);
    c.block(600, 11_025);
    await c.finish(11_025);
    expect(s.timing.firstSampleAt).toBe(origin + 350);
    expect(s.writes.at(-1)).toEqual({ samples: 11_025 });
  });

  it('keeps at most MAX_MARKS marks, thinning evenly over the take', async () => {
    const { sync, setLocal } = syncedClock(0);
    const s = sink();
    const c = new SampleClock(48_000, sync, s.put);
    for (let i = 0; i <= MAX_MARKS + 10; i++) {
      const at = i * MARK_EVERY_MS;
      setLocal(at);
      c.block(at, i * 240_000);
    }
    await c.finish(0);
    expect(c.marks.length).toBeLessThanOrEqual(MAX_MARKS);
    expect(c.marks[0]![1]).toBe(0);
    expect(c.marks.at(-1)![1]).toBeGreaterThan(MAX_MARKS * 200_000);
  });
});
