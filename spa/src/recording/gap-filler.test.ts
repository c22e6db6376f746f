import { describe, expect, it } from 'vitest';
import { GapFiller, type Judged } from './gap-filler';

const RATE = 48_000;
const BLOCK = RATE / 4;

/**
 * Feeds blocks of 250 ms of audio rendered at the given wall times, then flushes; returns the
 * silence put in before each block, in the blocks' order (checking each comes out once, in order).
 */
function feed(filler: GapFiller<number>, renderedAt: number[]): number[] {
  const out: Judged<number>[] = [];
  renderedAt.forEach((t, i) => out.push(...filler.push(i, t, BLOCK)));
  out.push(...filler.flush());
  expect(out.map((j) => j.block)).toEqual(renderedAt.map((_, i) => i));
  return out.map((j) => j.silenceBefore);
}

/**
 * Where each block's first sample lies in the filled track against where it was captured (ms):
 * block i was captured `lostBefore[i]` ms later than its sample count alone says.
 */
function misplacedMs(gaps: number[], lostBefore: number[]): number[] {
  let silence = 0;
  return gaps.map((g, i) => ((silence += g) / RATE) * 1000 - lostBefore[i]!);
}

const steady = (n: number, from = 1000, every = 250) => Array.from({ length: n }, (_, i) => from + i * every);

describe('GapFiller', () => {
  it('puts nothing into a track rendered in time', () => {
    const f = new GapFiller<number>(RATE);
    expect(feed(f, steady(240)).every((g) => g === 0)).toBe(true);
    expect(f.filledFrames).toBe(0);
  });

  // (blocks stamped by their quanta's least lateness, BlockStamp: a few milliseconds at most)
  it('puts nothing in for blocks stamped late now and then by up to 8 ms', () => {
    const f = new GapFiller<number>(RATE);
    let seed = 7;
    const jitter = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 8;
    feed(f, steady(240).map((t) => t + jitter()));
    expect(f.filledFrames).toBe(0);
  });

  it('puts nothing in when a stalled render thread catches up in a burst', () => {
    const f = new GapFiller<number>(RATE);
    // 2 s in time, a 1.5 s stall whose six blocks then come within 6 ms, then in time again
    const times = [...steady(8), ...Array.from({ length: 6 }, (_, i) => 1000 + 7 * 250 + 1500 + i), ...steady(20, 1000 + 14 * 250)];
    feed(f, times);
    expect(f.filledFrames).toBe(0);
  });

  it('passes a block in time at once, and holds a late one until a window of blocks after it is seen', () => {
    const f = new GapFiller<number>(RATE);
    expect(f.push(0, 1000, BLOCK)).toEqual([{ block: 0, silenceBefore: 0 }]);
    expect(f.push(1, 1250, BLOCK)).toEqual([{ block: 1, silenceBefore: 0 }]);
    // rendered 300 ms late: a loss or a burst to come, not known yet
    expect(f.push(2, 1800, BLOCK)).toEqual([]);
    expect(f.push(3, 2050, BLOCK)).toEqual([]);
    expect(f.push(4, 2300, BLOCK)).toEqual([]);
    expect(f.push(5, 2550, BLOCK)).toEqual([]);
    // a second after block 2, still 300 ms late: lost, and the silence goes in before block 2
    const judged = f.push(6, 2800, BLOCK);
    expect(judged.map((j) => j.block)).toEqual([2, 3, 4, 5, 6]);
    expect((judged[0]!.silenceBefore / RATE) * 1000).toBeCloseTo(300, 0);
    expect(judged.slice(1).every((j) => j.silenceBefore === 0)).toBe(true);
    expect(f.flush()).toEqual([]);
  });

  it('fills a single outage of 2 s once, just before the first block after it', () => {
    const f = new GapFiller<number>(RATE);
    // in time for 5 s, then 2 s lost (the next block renders 2 s late), then in time
    const times = [...steady(20), ...steady(40, 1000 + 20 * 250 + 2000)];
    const gaps = feed(f, times);
    expect(gaps.findIndex((g) => g > 0)).toBe(20);
    expect(gaps.filter((g) => g > 0)).toHaveLength(1);
    expect((f.filledFrames / RATE) * 1000).toBeCloseTo(2000, 0);
  });

  // Every block renders 25 ms later than the one before would have it: the loss grows steadily and
  // goes in once it passes 10 ms (judged on the second before, 100 ms off).
  it('keeps a track whose render ran 10 % slow within 30 ms of where its blocks were captured', () => {
    const f = new GapFiller<number>(RATE);
    const times = steady(120, 1000, 275); // 250 ms of audio every 275 ms: 30 s of wall clock
    const gaps = feed(f, times);
    const worst = Math.max(...misplacedMs(gaps, times.map((_, i) => i * 25)).slice(0, -4).map(Math.abs));
    expect(worst).toBeLessThan(30);
    expect((f.filledFrames / RATE) * 1000).toBeGreaterThan(2800);
  });

  // 4.4 ms off at worst; judged on the second before, the 300 ms outage left a second of the track 300 ms early.
  it('places outages among jitter within the jitter of where they were', () => {
    const f = new GapFiller<number>(RATE);
    let seed = 11;
    const jitter = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 8;
    // lost: 120 ms before block 30, 300 ms before block 70, 60 ms before block 100
    const lost = (i: number) => (i >= 30 ? 120 : 0) + (i >= 70 ? 300 : 0) + (i >= 100 ? 60 : 0);
    const times = steady(140).map((t, i) => t + lost(i) + jitter());
    const gaps = feed(f, times);
    const misplaced = misplacedMs(gaps, steady(140).map((_, i) => lost(i)));
    expect(Math.max(...misplaced.slice(0, -4).map(Math.abs))).toBeLessThan(10);
    expect(gaps.findIndex((g) => g > 0)).toBe(30);
  });

  it('fills a loss of 12 ms, which left unfilled put the rest of a take that early', () => {
    const f = new GapFiller<number>(RATE);
    const times = [...steady(28), ...steady(20, 1000 + 28 * 250 + 12)];
    const gaps = feed(f, times);
    expect(gaps.findIndex((g) => g > 0)).toBe(28);
    expect((f.filledFrames / RATE) * 1000).toBeCloseTo(12, 1);
  });

  it('leaves a loss in the last, unjudged, moments alone', () => {
    const f = new GapFiller<number>(RATE);
    const times = [...steady(20), 1000 + 20 * 250 + 500];
    expect(feed(f, times).every((g) => g === 0)).toBe(true);
  });

  it('judges a first block whose render fell behind against where its first quantum said the track began', () => {
    // the first quantum rendered at 750 (the track's start), then the render fell 119 ms behind
    // within the first block and stayed so: 119 ms of input lost there
    const late = steady(20, 1000 + 119);
    const anchored = new GapFiller<number>(RATE);
    anchored.anchor(750);
    const gaps = feed(anchored, late);
    expect(Math.abs((gaps[0]! / RATE) * 1000 - 119)).toBeLessThan(1);
    expect(gaps.slice(1).every((g) => g === 0)).toBe(true);
    // without the first quantum's word the whole track would be taken to start 119 ms late
    expect(feed(new GapFiller<number>(RATE), late).every((g) => g === 0)).toBe(true);
  });

  it('an anchor later than the blocks say changes nothing', () => {
    const f = new GapFiller<number>(RATE);
    f.anchor(900);
    expect(feed(f, steady(20)).every((g) => g === 0)).toBe(true);
  });
});
