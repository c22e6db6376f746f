import { describe, expect, it } from 'vitest';
import { StartCut } from './start-cut';

const block = (frames: number, from = 0) => [Float32Array.from({ length: frames }, (_, i) => from + i)];

describe('StartCut', () => {
  it('drops the blocks before the instant and cuts the one it falls in at the sample captured then', () => {
    // 48 kHz, 10 ms blocks; the instant 25.5 ms after start(): 1,224 samples in
    const cut = new StartCut(48_000, 25.5);
    expect(cut.take(block(480, 0), 10)).toBeNull();
    expect(cut.take(block(480, 480), 20)).toBeNull();
    expect(cut.started).toBe(false);
    const first = cut.take(block(480, 960), 30)!;
    expect(first.channels[0]![0]).toBe(1224);
    expect(first.channels[0]).toHaveLength(216);
    expect(first.firstMs).toBeCloseTo(25.5, 6);
    // from then on every block whole, with no first sample of its own
    const next = cut.take(block(480, 1440), 40)!;
    expect(next.channels[0]).toHaveLength(480);
    expect(next.firstMs).toBeUndefined();
  });

  it('cuts at the instant moved later on the time line before the track began, and not after', () => {
    const cut = new StartCut(48_000, 15);
    expect(cut.take(block(480, 0), 10)).toBeNull();
    // the time line began earlier than thought: the same instant lies 10 ms further along it
    cut.moveInstant(25);
    expect(cut.take(block(480, 480), 20)).toBeNull();
    const first = cut.take(block(480, 960), 30)!;
    expect(first.channels[0]![0]).toBe(1200);
    expect(first.firstMs).toBeCloseTo(25, 6);
    // begun: a later move changes nothing
    cut.moveInstant(100);
    expect(cut.take(block(480, 1440), 40)!.channels[0]).toHaveLength(480);
  });

  it('begins at the instant with silence when the block begins after it (input lost there), keeping all of the block', () => {
    const cut = new StartCut(48_000, 15);
    expect(cut.take(block(480, 1), 10), 'before').toBeNull();
    // the block ends at 40: it began at 30, 15 ms after the instant
    const first = cut.take(block(480, 1), 40)!;
    expect(first.silence).toBe(720);
    expect(first.channels[0]).toHaveLength(720 + 480);
    expect(first.channels[0]!.subarray(0, 720).every((v) => v === 0)).toBe(true);
    expect(first.channels[0]![720]).toBe(1);
    expect(first.firstMs).toBeCloseTo(15, 6);
  });

  it('begins where the first block is when that is more than a second after the instant (a page that got there late)', () => {
    const cut = new StartCut(48_000, 15);
    const first = cut.take(block(480), 1040)!;
    expect(first.silence).toBeUndefined();
    expect(first.channels[0]).toHaveLength(480);
    expect(first.firstMs).toBe(1030);
  });

  it('keeps everything from start() when there is no instant ahead (a take already running, or the page started late)', () => {
    for (const at of [null, 0, -12]) {
      const cut = new StartCut(48_000, at);
      expect(cut.started).toBe(true);
      expect(cut.take(block(480), 10)!.channels[0]).toHaveLength(480);
    }
  });

  it('begins the track with a block that has no stamp, which cannot be placed', () => {
    const cut = new StartCut(48_000, 100);
    const first = cut.take(block(480), null)!;
    expect(first.channels[0]).toHaveLength(480);
    expect(first.firstMs).toBeUndefined();
    expect(cut.started).toBe(true);
  });
});
