import { describe, expect, it } from 'vitest';
import { GapFiller } from './gap-filler';

const RATE = 48_000;
const BLOCK = RATE / 4;

/** Feeds blocks of 250 ms of audio rendered at the given wall times; returns the silence put in per block. */
function feed(filler: GapFiller, renderedAt: number[]): number[] {
  let frames = 0;
  return renderedAt.map((t) => {
    frames += BLOCK;
    const gap = filler.silenceBefore(t, frames);
    frames += gap;
    return gap;
  });
}

const steady = (n: number, from = 1000, every = 250) => Array.from({ length: n }, (_, i) => from + i * every);

describe('GapFiller', () => {
  it('puts nothing into a track rendered in time', () => {
    const f = new GapFiller(RATE);
    expect(feed(f, steady(240)).every((g) => g === 0)).toBe(true);
    expect(f.filledFrames).toBe(0);
  });

  it('puts nothing in for a render thread that is late now and then by up to 30 ms', () => {
    const f = new GapFiller(RATE);
    let seed = 7;
    const jitter = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 30;
    feed(f, steady(240).map((t) => t + jitter()));
    expect(f.filledFrames).toBe(0);
  });

  it('puts nothing in when a stalled render thread catches up in a burst', () => {
    const f = new GapFiller(RATE);
    // 2 s in time, a 1.5 s stall whose six blocks then come within 6 ms, then in time again
    const times = [...steady(8), ...Array.from({ length: 6 }, (_, i) => 1000 + 7 * 250 + 1500 + i), ...steady(20, 1000 + 14 * 250)];
    feed(f, times);
    expect(f.filledFrames).toBe(0);
  });

  // Behind by at most what a window's blocks lose (100 ms here) plus the jitter bound and a block.
  it('keeps a track whose render ran 10 % slow within 170 ms of the wall clock, and says how much it filled', () => {
    const f = new GapFiller(RATE);
    const times = steady(120, 1000, 275); // 250 ms of audio every 275 ms: 30 s of wall clock
    let frames = 0;
    let worst = 0;
    times.forEach((t) => {
      frames += BLOCK;
      frames += f.silenceBefore(t, frames);
      worst = Math.max(worst, t - 1000 + 250 - (frames / RATE) * 1000);
    });
    expect(worst).toBeLessThan(170);
    const wallMs = times[times.length - 1]! - 1000 + 250;
    expect(Math.abs((frames / RATE) * 1000 - wallMs)).toBeLessThan(170);
    expect((f.filledFrames / RATE) * 1000).toBeGreaterThan(2500);
  });

  it('fills a single outage of 2 s once, about where it happened', () => {
    const f = new GapFiller(RATE);
    // in time for 5 s, then 2 s lost (the next block renders 2 s late), then in time
    const times = [...steady(20), ...steady(40, 1000 + 20 * 250 + 2000)];
    const gaps = feed(f, times);
    const filledMs = (f.filledFrames / RATE) * 1000;
    expect(filledMs).toBeGreaterThan(1990);
    expect(filledMs).toBeLessThan(2010);
    const at = gaps.findIndex((g) => g > 0);
    expect(at).toBeGreaterThanOrEqual(20);
    expect(at).toBeLessThanOrEqual(24);
  });
});
