import { describe, expect, it, vi } from 'vitest';
import { FirstFrameFinder, FirstFrameWatch } from './first-frame';

/** A 20 fps camera whose frames' timestamps run `base` ms from the page's clock, arriving 2–12 ms late. */
function camera(finder: FirstFrameFinder, base: number, fromLocal: number, frames: number) {
  for (let i = 0; i < frames; i++) {
    const captured = fromLocal + i * 50;
    finder.seen({ timestampMs: captured + base, arrivedLocal: captured + 2 + ((i * 7) % 11) });
  }
}

describe('FirstFrameFinder', () => {
  it('finds the first frame delivered after start(), on the page clock, however far its clock is', () => {
    const finder = new FirstFrameFinder();
    camera(finder, 3_082_601.6, 1000, 80);
    // start() at 2010: the frame captured at 2000 was delivered (~2 ms later) before it; the next at 2050
    expect(finder.firstAfter(2010)).toBeCloseTo(2052, 0);
    // a call just after a frame's capture but before its delivery still gets that frame
    expect(finder.firstAfter(2001)).toBeCloseTo(2002, 0);
  });

  it('knows nothing before it saw frames, or before the first frame after start() came', () => {
    const finder = new FirstFrameFinder();
    expect(finder.firstAfter(0)).toBeNull();
    camera(finder, -500, 0, 10);
    expect(finder.firstAfter(10_000)).toBeNull();
  });
});

describe('FirstFrameWatch', () => {
  it('is not there where the browser has no MediaStreamTrackProcessor (the recorder keeps start()’s instant)', () => {
    expect(FirstFrameWatch.watch({ kind: 'video', clone: vi.fn() } as unknown as MediaStreamTrack)).toBeNull();
    expect(FirstFrameWatch.watch(undefined)).toBeNull();
  });

  it('reads the clone’s frames, closes each, and answers with the first after start(), then lets the clone go', async () => {
    let t = 0;
    const closed: number[] = [];
    const stopped = vi.fn();
    const frames = Array.from({ length: 30 }, (_, i) => i * 50);
    class FakeProcessor {
      readable = new ReadableStream<VideoFrame>({
        pull: async (c) => {
          const at = frames.shift();
          if (at === undefined) return c.close();
          t = at + 3;
          await new Promise((r) => setTimeout(r, 1));
          c.enqueue({ timestamp: (at + 10_000) * 1000, close: () => closed.push(at) } as unknown as VideoFrame);
        },
      });
    }
    vi.stubGlobal('MediaStreamTrackProcessor', FakeProcessor);
    const now = vi.spyOn(performance, 'now').mockImplementation(() => t);
    try {
      const watch = FirstFrameWatch.watch({ clone: () => ({ stop: stopped }) } as unknown as MediaStreamTrack)!;
      const first = await watch.firstAfter(510);
      expect(first).toBe(553);
      expect(closed.length).toBeGreaterThanOrEqual(12);
      expect(stopped).toHaveBeenCalled();
    } finally {
      now.mockRestore();
      vi.unstubAllGlobals();
    }
  });
});
