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

  it('places the first sample by the stamps when the block begins after the instant (input skipped there), keeping all of it', () => {
    const cut = new StartCut(48_000, 15);
    expect(cut.take(block(480), 10)).toBeNull();
    const first = cut.take(block(480), 40)!;
    expect(first.channels[0]).toHaveLength(480);
    expect(first.firstMs).toBe(30);
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
