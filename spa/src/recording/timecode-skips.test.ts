import { describe, expect, it } from 'vitest';
import { TimecodeSkips } from './timecode-skips';
import type { Judged } from './gap-filler';

const RATE = 48_000;
const BLOCK = 480; // 10 ms

/** Pushes 10 ms blocks with the given jumps, then flushes: the silence before each (ms), checking each block comes out once, in order. */
function run(jumps: number[], skips = new TimecodeSkips<number>(RATE)): number[] {
  const out: Judged<number>[] = [];
  jumps.forEach((j, i) => out.push(...skips.push(i, j, BLOCK)));
  out.push(...skips.flush());
  expect(out.map((x) => x.block)).toEqual(jumps.map((_, i) => i));
  return out.map((x) => (x.silenceBefore / RATE) * 1000);
}

describe('TimecodeSkips', () => {
  it('passes blocks whose stamps wander by 1–2 ms at once, with nothing put in', () => {
    const skips = new TimecodeSkips<number>(RATE);
    // Chromium's real stamps: 0, 11, 21, 30, 40, 52 … (a fixture's)
    expect(skips.push(0, 0, BLOCK)).toEqual([{ block: 0, silenceBefore: 0 }]);
    expect(skips.push(1, 1, BLOCK)).toEqual([{ block: 1, silenceBefore: 0 }]);
    expect(run([0, 1, 0, -1, 0, 2, -1, 1, -2, 0])).toEqual(new Array(10).fill(0));
  });

  it('puts silence for a jump that stays just before the block that jumped', () => {
    const jumps = new Array(40).fill(0);
    jumps[12] = 20;
    const silence = run(jumps);
    expect(silence[12]).toBeCloseTo(20, 6);
    expect(silence.filter((s) => s > 0)).toHaveLength(1);
  });

  it('puts nothing in for a stamp late by a spike that the next blocks take back', () => {
    const jumps = new Array(40).fill(0);
    jumps[12] = 15;
    jumps[14] = -15;
    expect(run(jumps).every((s) => s === 0)).toBe(true);
  });

  it('puts in what stays of a jump partly taken back', () => {
    const jumps = new Array(40).fill(0);
    jumps[12] = 30;
    jumps[13] = -10;
    expect(run(jumps)[12]).toBeCloseTo(20, 6);
  });

  it('never fills a slow drift of the stamps against the samples', () => {
    // 100 ppm fast: 0.001 ms a block, 36 ms over an hour, never a jump
    const skips = new TimecodeSkips<number>(RATE);
    expect(run(new Array(360_000 / 10).fill(0.001), skips).every((s) => s === 0)).toBe(true);
    expect(skips.filledFrames).toBe(0);
  });

  it('judges several jumps one after another, and leaves one at the very end alone', () => {
    const jumps = new Array(60).fill(0);
    jumps[5] = 10;
    jumps[30] = 25;
    jumps[58] = 40;
    const silence = run(jumps);
    expect(silence[5]).toBeCloseTo(10, 6);
    expect(silence[30]).toBeCloseTo(25, 6);
    expect(silence[58]).toBe(0);
  });
});
