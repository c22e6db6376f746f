import { describe, expect, it, vi } from 'vitest';
import { CALL_NEED_BPS, MAX_PAUSE_MS, MIN_PACED_BPS, RECOVERED_SHARE, UploadPacer } from './upload-pacing';

const MiB = 1024 * 1024;

/** A pacer on a clock the test moves, whose timers fire when the test says. */
function pacerAt(o: { enabled?: boolean } = {}) {
  let now = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const pacer = new UploadPacer({
    maxInFlight: 4,
    now: () => now,
    setTimer: (fn, ms) => {
      const t = { at: now + ms, fn };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => timers.splice(timers.indexOf(t as never), 1),
    ...o,
  });
  const changes = vi.fn();
  pacer.onChange(changes);
  /** Moves the clock on, firing the timers that come due. */
  const advance = (ms: number) => {
    now += ms;
    for (const t of [...timers].sort((a, b) => a.at - b.at)) {
      if (t.at > now || !timers.includes(t)) continue;
      timers.splice(timers.indexOf(t), 1);
      t.fn();
    }
  };
  return { pacer, changes, advance, timers };
}

/** One part through the pacer: starts now, takes `ms`, and `during` runs while it is up. */
function part(p: UploadPacer, advance: (ms: number) => void, bytes: number, ms: number, during?: () => void) {
  const done = p.started();
  during?.();
  advance(ms);
  done(bytes);
}

describe('UploadPacer', () => {
  it('lets parts go at full concurrency with no take or no call', () => {
    const { pacer } = pacerAt();
    expect(pacer.slots(0)).toBe(4);
    expect(pacer.slots(3)).toBe(1);
    pacer.setRecording(true); // recording alone, no call
    expect(pacer.slots(0)).toBe(4);
    pacer.setRecording(false);
    pacer.observe({ availableBps: 3e6, sendBps: 1e6 }); // a call, nothing recording
    expect(pacer.slots(0)).toBe(4);
    expect(pacer.state().paced).toBe(false);
  });

  it('while a take records with the call up, one part at a time, then a pause holding the average to half the headroom', () => {
    const { pacer, changes, advance } = pacerAt();
    pacer.setRecording(true);
    pacer.observe({ availableBps: 3e6, sendBps: 1e6 });
    expect(pacer.state().paced).toBe(true);
    expect(pacer.slots(0)).toBe(1);
    expect(pacer.slots(1)).toBe(0);
    // 5 MiB in 20 s (2 Mbit/s of TCP beside the call): headroom 2 Mbit/s, so 1 Mbit/s on average
    part(pacer, advance, 5 * MiB, 20_000);
    const bits = 5 * MiB * 8;
    expect(pacer.state().budgetBps).toBe(1e6);
    expect(pacer.slots(0)).toBe(0);
    changes.mockClear();
    advance(bits / 1e3 - 20_000 - 1);
    expect(pacer.slots(0)).toBe(0);
    expect(changes).not.toHaveBeenCalled();
    advance(1);
    expect(changes).toHaveBeenCalled(); // the uploader is woken
    expect(pacer.slots(0)).toBe(1);
  });

  it('drains faster on a link faster than the call estimates: the part’s own throughput counts', () => {
    const { pacer, advance } = pacerAt();
    pacer.setRecording(true);
    pacer.observe({ availableBps: 2e6, sendBps: 1.5e6 });
    part(pacer, advance, 5 * MiB, 1000); // 42 Mbit/s
    const budget = 0.5 * (5 * MiB * 8 - 1.5e6);
    expect(pacer.state().budgetBps).toBeCloseTo(budget);
    advance((5 * MiB * 8 * 1000) / budget - 1000);
    expect(pacer.slots(0)).toBe(1);
  });

  it('never averages less than the floor, and never pauses longer than the cap', () => {
    const { pacer, advance } = pacerAt();
    pacer.setRecording(true);
    pacer.observe({ availableBps: 1e6, sendBps: 1.2e6 }); // the call takes more than the estimate
    part(pacer, advance, 5 * MiB, 60_000);
    expect(pacer.state().budgetBps).toBe(MIN_PACED_BPS);
    advance(MAX_PAUSE_MS - 1);
    expect(pacer.slots(0)).toBe(0);
    advance(1);
    expect(pacer.slots(0)).toBe(1);
  });

  it('after a part squeezed the call, waits for the call’s estimate to come back, at most the cap', () => {
    const { pacer, changes, advance } = pacerAt();
    pacer.setRecording(true);
    pacer.observe({ availableBps: 3e6, sendBps: 1.5e6 });
    part(pacer, advance, 1 * MiB, 1000, () => pacer.observe({ availableBps: 150_000, sendBps: 100_000 }));
    const recoverTo = RECOVERED_SHARE * CALL_NEED_BPS;
    expect(pacer.state().recoverTo).toBe(recoverTo);
    advance(10_000); // the duty-cycle pause is long over
    expect(pacer.slots(0)).toBe(0);
    pacer.observe({ availableBps: recoverTo - 1, sendBps: 1e6 });
    expect(pacer.slots(0)).toBe(0);
    changes.mockClear();
    pacer.observe({ availableBps: recoverTo, sendBps: 1.2e6 });
    expect(changes).toHaveBeenCalled();
    expect(pacer.slots(0)).toBe(1);
    // a call that never comes back holds the next part for the cap only
    part(pacer, advance, 1 * MiB, 1000, () => pacer.observe({ availableBps: 100_000, sendBps: 100_000 }));
    advance(MAX_PAUSE_MS - 1);
    expect(pacer.slots(0)).toBe(0);
    changes.mockClear();
    advance(1);
    expect(changes).toHaveBeenCalled();
    expect(pacer.slots(0)).toBe(1);
  });

  it('waits for no more than the call had before the part', () => {
    const { pacer, advance } = pacerAt();
    pacer.setRecording(true);
    pacer.observe({ availableBps: 800_000, sendBps: 600_000 });
    part(pacer, advance, 1 * MiB, 1000, () => pacer.observe({ availableBps: 100_000, sendBps: 100_000 }));
    expect(pacer.state().recoverTo).toBe(RECOVERED_SHARE * 800_000);
  });

  it('goes to full speed at once when the take stops or the call ends, mid-pause', () => {
    for (const end of [(p: UploadPacer) => p.setRecording(false), (p: UploadPacer) => p.observe(null)]) {
      const { pacer, changes, advance } = pacerAt();
      pacer.setRecording(true);
      pacer.observe({ availableBps: 3e6, sendBps: 1e6 });
      part(pacer, advance, 5 * MiB, 20_000);
      expect(pacer.slots(0)).toBe(0);
      changes.mockClear();
      end(pacer);
      expect(changes).toHaveBeenCalled();
      expect(pacer.slots(0)).toBe(4);
    }
  });

  it('without the browser’s estimate (Firefox), paces by the part’s own throughput and waits for no recovery', () => {
    const { pacer, advance } = pacerAt();
    pacer.setRecording(true);
    pacer.observe({ availableBps: null, sendBps: 1e6 });
    part(pacer, advance, 5 * MiB, 10_000); // 4.2 Mbit/s
    const budget = 0.5 * ((5 * MiB * 8) / 10 - 1e6);
    expect(pacer.state()).toMatchObject({ budgetBps: budget, recoverTo: null });
    advance((5 * MiB * 8 * 1000) / budget - 10_000);
    expect(pacer.slots(0)).toBe(1);
  });

  it('switched off, never paces (the benchmark’s unpaced side)', () => {
    const { pacer, advance } = pacerAt({ enabled: false });
    pacer.setRecording(true);
    pacer.observe({ availableBps: 3e6, sendBps: 1e6 });
    part(pacer, advance, 5 * MiB, 20_000);
    expect(pacer.state().paced).toBe(false);
    expect(pacer.slots(0)).toBe(4);
  });

  it('counts parts after a failure as unpaced: a failed part (0 bytes) sets no pause', () => {
    const { pacer, advance } = pacerAt();
    pacer.setRecording(true);
    pacer.observe({ availableBps: 3e6, sendBps: 1e6 });
    part(pacer, advance, 0, 5000);
    expect(pacer.slots(0)).toBe(1);
    expect(pacer.state()).toMatchObject({ parts: 1, pacedParts: 0 });
  });
});
