import { describe, expect, it } from 'vitest';
import { StampOrigin } from './stamp-origin';

describe('StampOrigin', () => {
  it('keeps start() less the latency while blocks come after their capture', () => {
    const o = new StampOrigin(1000, 20);
    // 250 ms slices reaching the page 25–60 ms after their last sample's capture
    expect(o.saw(1000 - 20 + 250 + 25, 250)).toBe(false);
    expect(o.saw(1000 - 20 + 500 + 60, 500)).toBe(false);
    expect(o.capturedFrom).toBe(980);
    expect(o.movedMs).toBe(0);
  });

  it('moves back to where a block that came too soon for its stamp says, and only back', () => {
    // a pipeline 190 ms behind at start(): the first samples it hands over were captured at 790
    const o = new StampOrigin(1000, 20);
    const trueFrom = 790;
    // delivered late while it catches up: no news
    expect(o.saw(trueFrom + 250 + 20 + 200, 250)).toBe(false);
    // caught up: this block came 3 ms after its capture plus the latency
    expect(o.saw(trueFrom + 500 + 20 + 3, 500)).toBe(true);
    expect(o.capturedFrom).toBeCloseTo(trueFrom + 3, 6);
    expect(o.movedMs).toBeCloseTo(187, 6);
    // a later, slower block does not move it forward again
    expect(o.saw(trueFrom + 750 + 20 + 40, 750)).toBe(false);
    expect(o.capturedFrom).toBeCloseTo(trueFrom + 3, 6);
  });
});
